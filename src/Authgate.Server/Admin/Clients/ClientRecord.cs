using System.Text.Json.Nodes;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Clients;

/// <summary>
/// Between the JSON Auth0 uses for an application and the stored row. Columns hold what the token endpoint reads
/// (grant types, authentication method, ID token settings, refresh token settings, quotas); the row's JSON
/// document holds the rest, including the full <c>jwt_configuration</c>, <c>refresh_token</c> and <c>token_quota</c>
/// objects the columns are read from. The secret is encrypted in its own column, never in the document.
/// </summary>
internal static class ClientRecord
{
    public const int DefaultIdTokenLifetime = 36000;
    public const string TenantName = "authgate";

    /// <summary>Fields kept in columns, credentials rows or derived, so not copied into the document.</summary>
    private static readonly HashSet<string> Columns =
    [
        "client_id", "client_secret", "name", "description", "app_type", "is_first_party", "oidc_conformant",
        "token_endpoint_auth_method", "grant_types", "callbacks", "is_token_endpoint_ip_header_trusted",
        "client_authentication_methods", "cross_origin_auth", "tenant", "global", "callback_url_template", "signing_keys",
    ];

    /// <summary>The writable representation: what a PATCH is applied to, and what a tenant export writes.</summary>
    public static JsonObject State(Client client)
    {
        var state = AdminJson.Object(client.Document);
        state["name"] = client.Name;
        if (client.Description is not null)
        {
            state["description"] = client.Description;
        }

        state["app_type"] = client.AppType;
        state["is_first_party"] = client.IsFirstParty;
        state["oidc_conformant"] = client.OidcConformant;
        if (client.TokenEndpointAuthMethod != ClientAuthMethods.PrivateKeyJwt)
        {
            state["token_endpoint_auth_method"] = client.TokenEndpointAuthMethod;
        }

        state["grant_types"] = AdminJson.Array(client.GrantTypes);
        state["callbacks"] = AdminJson.Array(client.Callbacks);
        state["is_token_endpoint_ip_header_trusted"] = client.IsTokenEndpointIpHeaderTrusted;

        var jwt = state.Obj("jwt_configuration") ?? [];
        jwt["alg"] = client.JwtAlg;
        jwt["lifetime_in_seconds"] = client.IdTokenLifetimeSeconds;
        jwt["secret_encoded"] = client.JwtSecretEncoded;
        state["jwt_configuration"] = jwt;

        var policies = state.Obj("refresh_token")?["policies"]?.DeepClone();
        var settings = client.RefreshToken ?? new RefreshTokenSettings();
        var refresh = new JsonObject
        {
            ["rotation_type"] = settings.RotationType,
            ["expiration_type"] = settings.ExpirationType,
            ["leeway"] = settings.Leeway,
            ["token_lifetime"] = settings.TokenLifetime,
            ["infinite_token_lifetime"] = settings.InfiniteTokenLifetime,
            ["idle_token_lifetime"] = settings.IdleTokenLifetime,
            ["infinite_idle_token_lifetime"] = settings.InfiniteIdleTokenLifetime,
        };
        if (policies is not null)
        {
            refresh["policies"] = policies;
        }

        state["refresh_token"] = refresh;
        return state;
    }

    /// <summary>What <c>GET /clients/{id}</c> answers.</summary>
    /// <param name="secret">The plain secret, only for callers allowed to see it.</param>
    public static JsonObject View(Client client, IReadOnlyList<ClientCredential> credentials, string? secret)
    {
        var view = new JsonObject { ["client_id"] = client.ClientId, ["tenant"] = TenantName, ["global"] = false };
        foreach (var (name, value) in State(client))
        {
            view[name] = value?.DeepClone();
        }

        if (secret is not null)
        {
            view["client_secret"] = secret;
        }

        view["callback_url_template"] = false;
        view["sso_disabled"] ??= false;
        view["cross_origin_authentication"] ??= false;
        view["cross_origin_auth"] = view["cross_origin_authentication"]?.DeepClone();
        view["custom_login_page_on"] ??= true;
        if (client.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt)
        {
            // Auth0 shows key-authenticated clients without a secret method.
            view["token_endpoint_auth_method"] = null;
        }

        if (credentials.Count > 0)
        {
            view["client_authentication_methods"] = new JsonObject
            {
                ["private_key_jwt"] = new JsonObject
                {
                    ["credentials"] = new JsonArray(credentials.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id }).ToArray()),
                },
            };
        }

        return view;
    }

    /// <summary>Writes a validated state onto the row.</summary>
    /// <param name="usesKeys">The client authenticates with <c>private_key_jwt</c> credentials.</param>
    public static void Store(JsonObject state, Client client, bool usesKeys)
    {
        client.Name = state.String("name") ?? client.Name;
        client.Description = state.String("description");
        client.AppType = state.String("app_type") ?? AppTypes.RegularWeb;
        client.IsFirstParty = state.Bool("is_first_party") ?? true;
        client.OidcConformant = state.Bool("oidc_conformant") ?? true;
        client.TokenEndpointAuthMethod = usesKeys ? ClientAuthMethods.PrivateKeyJwt
            : state.String("token_endpoint_auth_method") ?? DefaultAuthMethod(client.AppType);
        client.GrantTypes = state.Strings("grant_types")?.Distinct().ToList() ?? DefaultGrantTypes(client.TokenEndpointAuthMethod);
        client.Callbacks = state.Strings("callbacks") ?? [];
        client.IsTokenEndpointIpHeaderTrusted = state.Bool("is_token_endpoint_ip_header_trusted") ?? false;

        var jwt = state.Obj("jwt_configuration");
        client.JwtAlg = jwt?.String("alg") ?? SigningAlgorithms.RS256;
        client.IdTokenLifetimeSeconds = jwt?.Int("lifetime_in_seconds") ?? DefaultIdTokenLifetime;
        client.JwtSecretEncoded = jwt?.Bool("secret_encoded") ?? false;
        client.RefreshToken = RefreshToken(state.Obj("refresh_token"));
        client.RequireProofOfPossession = state.Bool("require_proof_of_possession") ?? false;

        // Auth0 counts without refusing when enforce is false.
        var quota = state.Obj("token_quota")?.Obj("client_credentials");
        client.QuotaPerHour = quota is not null && (quota.Bool("enforce") ?? true) ? quota.Int("per_hour") : null;
        client.QuotaPerDay = quota is not null && (quota.Bool("enforce") ?? true) ? quota.Int("per_day") : null;

        client.Document = AdminJson.Without(state, Columns);
    }

    public static string DefaultAuthMethod(string appType) =>
        appType is AppTypes.Spa or AppTypes.Native ? ClientAuthMethods.None : ClientAuthMethods.ClientSecretPost;

    /// <summary>Auth0's defaults: public clients get the browser grants, confidential ones also client credentials.</summary>
    public static List<string> DefaultGrantTypes(string authMethod) => authMethod == ClientAuthMethods.None
        ? [GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken]
        : [GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken, GrantTypes.ClientCredentials];

    /// <summary>The settings with Auth0's defaults for what the object leaves out; null when there is no object.</summary>
    public static RefreshTokenSettings? RefreshToken(JsonObject? section)
    {
        if (section is null)
        {
            return null;
        }

        var settings = new RefreshTokenSettings();
        settings.RotationType = section.String("rotation_type") ?? settings.RotationType;
        settings.ExpirationType = section.String("expiration_type") ?? settings.ExpirationType;
        settings.Leeway = section.Int("leeway") ?? settings.Leeway;
        settings.TokenLifetime = section.Int("token_lifetime") ?? settings.TokenLifetime;
        settings.InfiniteTokenLifetime = section.Bool("infinite_token_lifetime") ?? (section.Int("token_lifetime") is null && settings.InfiniteTokenLifetime);
        settings.IdleTokenLifetime = section.Int("idle_token_lifetime") ?? settings.IdleTokenLifetime;
        settings.InfiniteIdleTokenLifetime = section.Bool("infinite_idle_token_lifetime") ?? (section.Int("idle_token_lifetime") is null && settings.InfiniteIdleTokenLifetime);
        return settings;
    }

    /// <summary>The plain secret of a client, for answers that may show it.</summary>
    public static string Secret(Client client, SecretProtector protector) => protector.Unprotect(client.ClientSecretProtected, SecretPurposes.ClientSecret);
}
