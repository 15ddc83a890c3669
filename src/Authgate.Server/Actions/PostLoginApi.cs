using System.Text.Json.Nodes;
using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace Authgate.Actions;

/// <summary>
/// The <c>api</c> object of the post-login trigger (AUTH0-ACTIONS-MFA-LDAP.md §1.3) for one Action execution. Calls
/// record into the trigger's <see cref="LoginScriptState"/>; nothing is applied until every Action has run.
/// </summary>
internal static class PostLoginApi
{
    /// <summary>Providers <c>api.multifactor.enable</c> accepts.</summary>
    private static readonly string[] Providers = ["any", "guardian", "google-authenticator", "duo", "none"];

    public static ObjectInstance Create(ScriptScope scope, ObjectInstance @event, LoginScriptState state, DeployedAction action, ActionCache cache, IssuanceFlow flow)
    {
        // Filled when the script first touches api; each namespace is filled when first touched too.
        return scope.OnFirstUse(api =>
        {
            var protocol = flow == IssuanceFlow.RefreshToken ? "oauth2-refresh-token" : "oauth2-password";

            ScriptApi.Namespace(scope, api, "access", api,
                ScriptApi.Fn("deny", a => { state.Refused ??= OAuthErrors.Denied(ScriptApi.Arg(a, 0).IsString() ? a[0].AsString() : "Access denied"); return null; }));

            ScriptApi.Namespace(scope, api, "accessToken", api,
                ScriptApi.Fn("setCustomClaim", a => { state.Claims.SetAccessToken(ScriptApi.String(scope, a, 0, "api.accessToken.setCustomClaim", "name"), scope.ToJson(ScriptApi.Arg(a, 1))); return null; }),
                ScriptApi.Fn("addScope", a => { AddScope(state, ScriptApi.String(scope, a, 0, "api.accessToken.addScope", "scope")); return null; }),
                ScriptApi.Fn("removeScope", a => { state.Scopes.Remove(ScriptApi.String(scope, a, 0, "api.accessToken.removeScope", "scope")); return null; }));

            ScriptApi.Namespace(scope, api, "idToken", api,
                ScriptApi.Fn("setCustomClaim", a => { state.Claims.SetIdToken(ScriptApi.String(scope, a, 0, "api.idToken.setCustomClaim", "name"), scope.ToJson(ScriptApi.Arg(a, 1))); return null; }));

            ScriptApi.Namespace(scope, api, "multifactor", api,
                ScriptApi.Fn("enable", a =>
                {
                    var provider = ScriptApi.String(scope, a, 0, "api.multifactor.enable", "provider");
                    if (!Providers.Contains(provider))
                    {
                        throw scope.TypeError($"api.multifactor.enable: unknown provider '{provider}'");
                    }

                    state.MultifactorProvider = provider == "none" ? null : provider;
                    return null;
                }));

            ScriptApi.Namespace(scope, api, "authentication", api,
                ScriptApi.Fn("challengeWith", a => { state.MultifactorProvider = "any"; return null; }),
                ScriptApi.Fn("challengeWithAny", a => { state.MultifactorProvider = "any"; return null; }),
                ScriptApi.Fn("enrollWith", a => { state.MultifactorProvider = "any"; return null; }),
                ScriptApi.Fn("enrollWithAny", a => { state.MultifactorProvider = "any"; return null; }),
                ScriptApi.Fn("recordMethod", _ => throw scope.Error("api.authentication.recordMethod is only available in onContinuePostLogin, which needs a redirect")),
                ScriptApi.Fn("setPrimaryUser", _ => throw scope.Error("api.authentication.setPrimaryUser is not available in Authgate")));

            // Read when called: event.user is converted only if the script uses it.
            ObjectInstance User() => (ObjectInstance)@event.Get("user");
            ScriptApi.Namespace(scope, api, "user", api,
                ScriptApi.Fn("setAppMetadata", a => { SetMetadata(scope, a, state.AppMetadata, User(), "app_metadata", "api.user.setAppMetadata"); return null; }),
                ScriptApi.Fn("setUserMetadata", a => { SetMetadata(scope, a, state.UserMetadata, User(), "user_metadata", "api.user.setUserMetadata"); return null; }));

            CacheNamespace(scope, api, cache, action.ActionId);

            ScriptApi.Namespace(scope, api, "transaction", api,
                ScriptApi.Fn("setMetadata", a =>
                {
                    var key = ScriptApi.String(scope, a, 0, "api.transaction.setMetadata", "key");
                    var value = ScriptApi.Arg(a, 1);
                    if (key.Length > 64 || !(value.IsString() || value.IsNumber() || value.IsBoolean()) || (value.IsString() && value.AsString().Length > 8 * 1024))
                    {
                        throw scope.TypeError("api.transaction.setMetadata: keys up to 64 characters, values a string (up to 8 KB), number or boolean");
                    }

                    state.TransactionMetadata[key] = scope.ToJson(value);
                    if (state.TransactionMetadata.ToJsonString().Length > 16 * 1024)
                    {
                        state.TransactionMetadata.Remove(key);
                        throw scope.TypeError("api.transaction.setMetadata: transaction metadata is limited to 16 KB");
                    }

                    ((ObjectInstance)((ObjectInstance)@event.Get("transaction")).Get("metadata")).Set(key, value);
                    return null;
                }));

            ScriptApi.Namespace(scope, api, "refreshToken", api,
                ScriptApi.Fn("revoke", a =>
                {
                    if (flow != IssuanceFlow.RefreshToken)
                    {
                        throw scope.Error("api.refreshToken.revoke is only available when a refresh token is exchanged");
                    }

                    var reason = ScriptApi.Arg(a, 0).IsString() ? a[0].AsString() : "The refresh token was revoked";
                    state.RevokeRefreshToken ??= reason;
                    state.Refused ??= OAuthErrors.Denied(reason);
                    return null;
                }),
                // Lifetimes apply to the refresh token of this response and only shorten it; metadata is accepted and not kept (docs/ACTIONS.md).
                ScriptApi.Fn("setExpiresAt", a =>
                {
                    state.RefreshTokenLimits = state.RefreshTokenLimits.Shortened(expiresAt: Epoch(scope, a, "api.refreshToken.setExpiresAt", "absolute"));
                    return null;
                }),
                ScriptApi.Fn("setIdleExpiresAt", a =>
                {
                    state.RefreshTokenLimits = state.RefreshTokenLimits.Shortened(idleExpiresAt: Epoch(scope, a, "api.refreshToken.setIdleExpiresAt", "idle"));
                    return null;
                }),
                ScriptApi.Fn("setMetadata", _ => null),
                ScriptApi.Fn("deleteMetadata", _ => null),
                ScriptApi.Fn("evictMetadata", _ => null));

            ScriptApi.Namespace(scope, api, "redirect", api,
                ScriptApi.Fn("canRedirect", _ => JsBoolean.False),
                ScriptApi.Fn("sendUserTo", _ =>
                {
                    state.Refused ??= OAuthErrors.Denied($"Redirects are not possible with the {protocol} protocol");
                    return null;
                }),
                ScriptApi.Fn("encodeToken", _ => throw scope.Error($"api.redirect.encodeToken is not available: the {protocol} protocol cannot redirect")),
                ScriptApi.Fn("validateToken", _ => throw scope.Error($"api.redirect.validateToken is not available: the {protocol} protocol cannot redirect")));

            ScriptApi.Namespace(scope, api, "validation", api,
                ScriptApi.Fn("error", a =>
                {
                    state.Refused ??= OAuthErrors.ValidationError(ScriptApi.String(scope, a, 0, "api.validation.error", "errorCode"), ScriptApi.String(scope, a, 1, "api.validation.error", "errorMessage"));
                    return null;
                }));

            ScriptApi.Namespace(scope, api, "rules", api,
                ScriptApi.Fn("wasExecuted", a => state.ExecutedRules.Contains(ScriptApi.String(scope, a, 0, "api.rules.wasExecuted", "ruleId")) ? JsBoolean.True : JsBoolean.False));

            ScriptApi.Unavailable(scope, api, "session", "there is no session in the password and refresh-token flows", "setMetadata", "deleteMetadata", "evictMetadata", "revoke", "setExpiresAt", "setIdleExpiresAt", "setCookieMode");
            ScriptApi.Unavailable(scope, api, "samlResponse", "SAML is not supported", "setAttribute", "setAudience", "setIssuer", "setRecipient", "setDestination", "setLifetimeInSeconds");
            ScriptApi.Unavailable(scope, api, "prompt", "the password flow has no browser", "render");
        });
    }

    /// <summary><c>api.cache</c>, shared by both triggers: per Action, best-effort, Auth0's limits.</summary>
    public static void CacheNamespace(ScriptScope scope, ObjectInstance api, ActionCache cache, string actionId)
    {
        ScriptApi.Namespace(scope, api, "cache", api,
            ScriptApi.Fn("get", a =>
            {
                var value = cache.Get(actionId, ScriptApi.String(scope, a, 0, "api.cache.get", "key"));
                return value is null ? JsValue.Undefined : scope.FromJson(new JsonObject { ["value"] = value });
            }),
            ScriptApi.Fn("set", a =>
            {
                var key = ScriptApi.String(scope, a, 0, "api.cache.set", "key");
                var value = ScriptApi.String(scope, a, 1, "api.cache.set", "value");
                var options = ScriptApi.Arg(a, 2);
                TimeSpan? ttl = null;
                DateTimeOffset? expiresAt = null;
                if (options.IsObject())
                {
                    var o = options.AsObject();
                    if (o.Get("ttl") is { } t && t.IsNumber())
                    {
                        ttl = TimeSpan.FromMilliseconds(t.AsNumber());
                    }

                    if (o.Get("expires_at") is { } e && e.IsNumber())
                    {
                        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)e.AsNumber());
                    }
                }

                var error = cache.Set(actionId, key, value, ttl, expiresAt);
                return scope.FromJson(error is null
                    ? new JsonObject { ["type"] = "success", ["record"] = new JsonObject { ["value"] = value } }
                    : new JsonObject { ["type"] = "error", ["code"] = error });
            }),
            ScriptApi.Fn("delete", a =>
            {
                cache.Delete(actionId, ScriptApi.String(scope, a, 0, "api.cache.delete", "key"));
                return scope.FromJson(new JsonObject { ["type"] = "success" });
            }));
    }

    /// <summary>Milliseconds since the epoch, as Auth0's refresh-token methods take them.</summary>
    private static DateTime Epoch(ScriptScope scope, JsValue[] arguments, string method, string parameter)
    {
        var value = ScriptApi.Arg(arguments, 0);
        if (!value.IsNumber() || double.IsNaN(value.AsNumber()) || value.AsNumber() < 0 || value.AsNumber() > 253_402_300_799_000)
        {
            throw scope.TypeError($"{method}: {parameter} must be a time in milliseconds since the epoch");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)value.AsNumber()).UtcDateTime;
    }

    internal static void AddScope(LoginScriptState state, string scope)
    {
        if (!state.Scopes.Contains(scope))
        {
            state.Scopes.Add(scope);
        }
    }

    /// <summary>Batched for one write at the end of the trigger; later Actions already see the change in <c>event.user</c>.</summary>
    private static void SetMetadata(ScriptScope scope, JsValue[] arguments, Dictionary<string, JsonNode?> changes, ObjectInstance user, string property, string method)
    {
        var key = ScriptApi.String(scope, arguments, 0, method, "name");
        var value = ScriptApi.Arg(arguments, 1);
        changes[key] = value.IsUndefined() || value.IsNull() ? null : scope.ToJson(value);
        if (user.Get(property) is ObjectInstance metadata)
        {
            if (value.IsUndefined() || value.IsNull())
            {
                metadata.Delete(key);
            }
            else
            {
                metadata.Set(key, value);
            }
        }
    }
}
