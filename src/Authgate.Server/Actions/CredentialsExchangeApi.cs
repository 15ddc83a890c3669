using Authgate.OAuth;
using Authgate.Scripting;
using Jint;
using Jint.Native.Object;

namespace Authgate.Actions;

/// <summary>The <c>api</c> object of the credentials-exchange trigger (AUTH0-ACTIONS-MFA-LDAP.md §1.8).</summary>
internal static class CredentialsExchangeApi
{
    /// <summary>The codes <c>api.access.deny(code, reason)</c> accepts.</summary>
    private static readonly string[] DenyCodes = [OAuthErrors.InvalidScope, OAuthErrors.InvalidRequest, OAuthErrors.ServerError];

    public static ObjectInstance Create(ScriptScope scope, LoginScriptState state, DeployedAction action, ActionCache cache, IReadOnlyList<string> grantScopes)
    {
        // Filled when the script first touches api; each namespace is filled when first touched too.
        return scope.OnFirstUse(api =>
        {
            ScriptApi.Namespace(scope, api, "access", api,
                ScriptApi.Fn("deny", a =>
                {
                    var code = ScriptApi.String(scope, a, 0, "api.access.deny", "code");
                    if (!DenyCodes.Contains(code))
                    {
                        throw scope.TypeError($"api.access.deny: code must be one of {string.Join(", ", DenyCodes)}");
                    }

                    state.Refused ??= OAuthErrors.DeniedWithCode(code, ScriptApi.Arg(a, 1).IsString() ? a[1].AsString() : code);
                    return null;
                }));

            ScriptApi.Namespace(scope, api, "accessToken", api,
                ScriptApi.Fn("setCustomClaim", a => { state.Claims.SetAccessToken(ScriptApi.String(scope, a, 0, "api.accessToken.setCustomClaim", "name"), scope.ToJson(ScriptApi.Arg(a, 1))); return null; }));

            PostLoginApi.CacheNamespace(scope, api, cache, action.ActionId);

            // Target scopes: what the token will carry, within the client grant's scopes.
            ScriptApi.Namespace(scope, api, "transaction", api,
                ScriptApi.Fn("addTargetScope", a =>
                {
                    var value = ScriptApi.String(scope, a, 0, "api.transaction.addTargetScope", "scope");
                    if (grantScopes.Contains(value) && !state.Scopes.Contains(value))
                    {
                        state.Scopes.Add(value);
                    }

                    return null;
                }),
                ScriptApi.Fn("removeTargetScope", a => { state.Scopes.Remove(ScriptApi.String(scope, a, 0, "api.transaction.removeTargetScope", "scope")); return null; }),
                ScriptApi.Fn("setTargetScopes", a =>
                {
                    var values = scope.ToJson(ScriptApi.Arg(a, 0))?.AsArray().Select(v => v?.ToString() ?? "").ToList()
                        ?? throw scope.TypeError("api.transaction.setTargetScopes: scopes must be an array of strings");
                    state.Scopes.Clear();
                    state.Scopes.AddRange(values.Where(grantScopes.Contains).Distinct());
                    return null;
                }),
                ScriptApi.Fn("clearTargetScopes", _ => { state.Scopes.Clear(); return null; }));
        });
    }
}
