using System.Text.Json.Nodes;
using Authgate.Issuance;
using Authgate.OAuth;

namespace Authgate.Actions;

/// <summary>
/// The <c>context</c> of a legacy Rule (AUTH0-ACTIONS-MFA-LDAP.md §1.7), built from the post-login event, and how a
/// Rule's changes to it come back: <c>context.accessToken[…]</c> and <c>context.idToken[…]</c> become claims,
/// <c>context.accessToken.scope</c> replaces the scopes, <c>context.multifactor</c> asks for a second factor.
/// </summary>
internal static class RuleContext
{
    public static JsonObject From(JsonObject @event, IssuanceRequest request, IReadOnlyList<string> scopes)
    {
        var transaction = @event["transaction"]!;
        var connection = @event["connection"];
        var wire = @event["request"]!;
        return new JsonObject
        {
            ["tenant"] = @event["tenant"]?["id"]?.DeepClone(),
            ["clientID"] = request.Client.ClientId,
            ["clientName"] = request.Client.Name,
            ["clientMetadata"] = new JsonObject(),
            ["connection"] = connection?["name"]?.DeepClone(),
            ["connectionID"] = connection?["id"]?.DeepClone(),
            ["connectionStrategy"] = connection?["strategy"]?.DeepClone(),
            ["connectionMetadata"] = new JsonObject(),
            ["protocol"] = transaction["protocol"]!.DeepClone(),
            ["audience"] = request.Api?.Identifier,
            ["request"] = new JsonObject
            {
                ["ip"] = wire["ip"]?.DeepClone(),
                ["userAgent"] = wire["user_agent"]?.DeepClone(),
                ["hostname"] = wire["hostname"]?.DeepClone(),
                ["query"] = new JsonObject(),
                ["body"] = wire["body"]!.DeepClone(),
                ["geoip"] = new JsonObject(),
            },
            ["stats"] = new JsonObject { ["loginsCount"] = @event["stats"]!["logins_count"]!.DeepClone() },
            ["authentication"] = @event["authentication"]!.DeepClone(),
            ["authorization"] = @event["authorization"]!.DeepClone(),
            ["accessToken"] = new JsonObject { ["scope"] = new JsonArray([.. scopes.Select(s => (JsonNode)JsonValue.Create(s))]) },
            ["idToken"] = new JsonObject(),
        };
    }

    /// <summary>Applies what a Rule left in <c>context</c> to the trigger's state.</summary>
    public static void Apply(JsonObject context, LoginScriptState state)
    {
        if (context["accessToken"] is JsonObject accessToken)
        {
            foreach (var (name, value) in accessToken)
            {
                if (name == "scope")
                {
                    state.Scopes.Clear();
                    state.Scopes.AddRange(Scopes(value));
                }
                else
                {
                    state.Claims.SetAccessToken(name, value?.DeepClone());
                }
            }
        }

        if (context["idToken"] is JsonObject idToken)
        {
            foreach (var (name, value) in idToken)
            {
                state.Claims.SetIdToken(name, value?.DeepClone());
            }
        }

        if (context["multifactor"] is JsonObject { } multifactor && multifactor["provider"]?.GetValue<string>() is { } provider)
        {
            state.MultifactorProvider = provider == "none" ? null : provider;
        }
    }

    /// <summary>A Rule's failure: <c>UnauthorizedError</c> is Auth0's rule error (<c>unauthorized</c>), anything else <c>access_denied</c>.</summary>
    public static OAuthError Refusal(JsonNode? error, string message) =>
        error?["name"]?.GetValue<string>() == "UnauthorizedError" ? OAuthErrors.RuleUnauthorized(message) : OAuthErrors.Denied(message);

    private static IEnumerable<string> Scopes(JsonNode? value) => value switch
    {
        JsonArray array => array.Select(s => s?.ToString() ?? "").Where(s => s.Length > 0).Distinct(),
        JsonValue text when text.TryGetValue<string>(out var s) => Grants.ScopePolicy.Split(s),
        _ => [],
    };
}
