using System.Text.Json.Nodes;
using Authgate.Issuance;
using Authgate.Management;
using Authgate.OAuth;
using Authgate.Storage.Entities;

namespace Authgate.Actions;

/// <summary>
/// The <c>event</c> of the post-login trigger for the password and refresh grants (AUTH0-ACTIONS-MFA-LDAP.md §1.2),
/// and of the credentials-exchange trigger (§1.8). Built as JSON once per login; each Action gets its own JS copy
/// with its own <c>secrets</c>.
/// </summary>
internal static class LoginEvent
{
    /// <summary>Request parameters never shown to scripts.</summary>
    private static readonly HashSet<string> Redacted = new(StringComparer.Ordinal)
    {
        OAuthParameters.Password, OAuthParameters.ClientSecret, OAuthParameters.ClientAssertion, OAuthParameters.RefreshToken,
    };

    public static JsonObject PostLogin(IssuanceRequest request, User user, Connection? connection, string tenant, string transactionId, DateTime now)
    {
        var refresh = request.Flow == IssuanceFlow.RefreshToken;
        var authTime = refresh && request.PresentedRefreshToken is { } presented ? presented.Token.AuthTime : now;
        var result = new JsonObject
        {
            ["transaction"] = new JsonObject
            {
                ["id"] = transactionId,
                ["protocol"] = refresh ? "oauth2-refresh-token" : "oauth2-password",
                ["requested_scopes"] = Array(Grants.ScopePolicy.Split(request.Context.Request[OAuthParameters.Scope])),
                ["metadata"] = new JsonObject(),
            },
            ["user"] = User(user, connection),
            ["client"] = Client(request.Client),
            ["connection"] = connection is null ? null : new JsonObject
            {
                ["id"] = connection.Id,
                ["name"] = connection.Name,
                ["strategy"] = connection.Strategy,
                ["metadata"] = new JsonObject(),
            },
            ["request"] = Request(request),
            ["authentication"] = new JsonObject
            {
                ["methods"] = new JsonArray(new JsonObject { ["name"] = "pwd", ["timestamp"] = Admin.AdminTime.Iso(authTime) }),
            },
            ["stats"] = new JsonObject { ["logins_count"] = user.LoginsCount },
            ["tenant"] = new JsonObject { ["id"] = tenant },
            ["resource_server"] = request.Api is { } api ? new JsonObject { ["identifier"] = api.Identifier } : null,
        };
        if (refresh && request.PresentedRefreshToken is { } token)
        {
            result["refresh_token"] = RefreshToken(token.Token, request.Context.EndUserIp, request.Context.Request.UserAgent);
        }

        return Compact(result);
    }

    public static JsonObject CredentialsExchange(IssuanceRequest request, IReadOnlyList<string> scopes, string tenant, string transactionId) => Compact(new JsonObject
    {
        ["accessToken"] = new JsonObject { ["customClaims"] = new JsonObject(), ["scope"] = Array(scopes) },
        ["client"] = Client(request.Client),
        ["request"] = Request(request),
        ["resource_server"] = request.Api is { } api ? new JsonObject { ["identifier"] = api.Identifier } : null,
        ["tenant"] = new JsonObject { ["id"] = tenant },
        ["transaction"] = new JsonObject
        {
            ["requested_scopes"] = Array(Grants.ScopePolicy.Split(request.Context.Request[OAuthParameters.Scope])),
            ["correlation_id"] = transactionId,
        },
    });

    public static JsonObject User(User user, Connection? connection)
    {
        var view = Admin.Users.UserRecord.View(user, connection?.Name);
        view.Remove("blocked");
        view.Remove("last_ip");
        view.Remove("last_login");
        view.Remove("logins_count");
        view["multifactor"] = new JsonArray();
        view["enrolledFactors"] = new JsonArray();
        if (user.PasswordChangedAt is { } reset)
        {
            view["last_password_reset"] = Admin.AdminTime.Iso(reset);
        }

        return view;
    }

    private static JsonObject Client(Client client) => new()
    {
        ["client_id"] = client.ClientId,
        ["name"] = client.Name,
        ["metadata"] = new JsonObject(),
    };

    /// <summary>The request as a script may see it: the body without passwords, secrets or tokens.</summary>
    private static JsonObject Request(IssuanceRequest request)
    {
        var wire = request.Context.Request;
        var body = new JsonObject();
        foreach (var (name, value) in wire.Parameters)
        {
            if (!Redacted.Contains(name))
            {
                body[name] = value;
            }
        }

        return new JsonObject
        {
            ["ip"] = request.Context.EndUserIp,
            ["user_agent"] = wire.UserAgent,
            ["hostname"] = wire.Hostname,
            ["method"] = "POST",
            ["query"] = new JsonObject(),
            ["body"] = body,
            ["geoip"] = new JsonObject(),
        };
    }

    private static JsonObject RefreshToken(RefreshToken token, string? ip, string? userAgent) => new()
    {
        ["id"] = token.Id,
        ["client_id"] = token.ClientId,
        ["user_id"] = token.UserId,
        ["created_at"] = Admin.AdminTime.Iso(token.CreatedAt),
        ["expires_at"] = token.ExpiresAt is { } expires ? Admin.AdminTime.Iso(expires) : null,
        ["idle_expires_at"] = token.IdleExpiresAt is { } idle ? Admin.AdminTime.Iso(idle) : null,
        ["last_exchanged_at"] = token.LastUsedAt is { } used ? Admin.AdminTime.Iso(used) : null,
        ["rotating"] = token.Rotating,
        ["device"] = new JsonObject { ["last_ip"] = ip, ["last_user_agent"] = userAgent },
        ["metadata"] = new JsonObject(),
    };

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    /// <summary>Absent rather than null, as optional event fields are at Auth0 (<c>event.resource_server</c> without an API).</summary>
    private static JsonObject Compact(JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            value.Remove(key);
        }

        return value;
    }
}
