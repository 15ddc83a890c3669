using System.Text.Json.Nodes;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Admin.ResourceServers;

/// <summary>
/// Between the JSON Auth0 uses for an API and the stored row: the fields the token endpoint reads are columns, the
/// rest is the row's JSON document. The signing secret is stored encrypted and never in the document.
/// </summary>
internal static class ResourceServerRecord
{
    public const int DefaultTokenLifetime = 86400;
    public const int WebTokenLifetime = 7200;

    /// <summary>Fields kept in columns (or derived), so not copied into the document.</summary>
    private static readonly HashSet<string> Columns =
    [
        "id", "identifier", "name", "scopes", "signing_alg", "signing_secret", "token_lifetime", "allow_offline_access",
        "enforce_policies", "token_dialect", "is_system",
    ];

    /// <summary>The writable representation: what a PATCH is applied to.</summary>
    public static JsonObject State(ResourceServer api)
    {
        var state = AdminJson.Object(api.Document);
        state["name"] = api.Name;
        state["identifier"] = api.Identifier;
        state["scopes"] = new JsonArray(api.Scopes.Select(Scope).ToArray());
        state["signing_alg"] = api.SigningAlg;
        state["token_lifetime"] = api.TokenLifetimeSeconds;
        state["allow_offline_access"] = api.AllowOfflineAccess;
        state["enforce_policies"] = api.EnforcePolicies;
        state["token_dialect"] = api.TokenDialect;
        return state;
    }

    /// <summary>What <c>GET /resource-servers/{id}</c> answers: the state with Auth0's read-only and default fields.</summary>
    public static JsonObject View(ResourceServer api, SecretProtector protector)
    {
        var view = new JsonObject { ["id"] = api.Id };
        foreach (var (name, value) in State(api))
        {
            view[name] = value?.DeepClone();
        }

        view["is_system"] = api.IsSystem;
        view["token_lifetime_for_web"] ??= Math.Min(api.TokenLifetimeSeconds, WebTokenLifetime);
        view["skip_consent_for_verifiable_first_party_clients"] ??= false;
        if (view["subject_type_authorization"] is not JsonObject subjects)
        {
            subjects = [];
            view["subject_type_authorization"] = subjects;
        }

        DefaultPolicy(subjects, "user", api.UserPolicy);
        DefaultPolicy(subjects, "client", api.ClientPolicy);
        if (api.SigningAlg == SigningAlgorithms.HS256 && !api.IsSystem && api.SigningSecretProtected is { } secret)
        {
            view["signing_secret"] = protector.Unprotect(secret, SecretPurposes.ApiSigningSecret);
        }

        return view;
    }

    /// <summary>Writes a validated state onto the row; a new or changed HS256 secret is encrypted.</summary>
    public static void Store(JsonObject state, ResourceServer api, SecretProtector protector)
    {
        api.Identifier = state.String("identifier") ?? api.Identifier;
        api.Name = state.String("name") ?? api.Identifier;
        api.Scopes = (state["scopes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => new ResourceServerScope { Value = s.String("value") ?? "", Description = s.String("description") })
            .ToList();
        api.SigningAlg = state.String("signing_alg") ?? SigningAlgorithms.RS256;
        api.TokenLifetimeSeconds = state.Int("token_lifetime") ?? DefaultTokenLifetime;
        api.AllowOfflineAccess = state.Bool("allow_offline_access") ?? false;
        api.EnforcePolicies = state.Bool("enforce_policies") ?? false;
        api.TokenDialect = state.String("token_dialect") ?? "access_token";
        var subjects = state.Obj("subject_type_authorization");
        api.UserPolicy = subjects?.Obj("user")?.String("policy") ?? AccessPolicies.AllowAll;
        api.ClientPolicy = subjects?.Obj("client")?.String("policy") ?? AccessPolicies.RequireClientGrant;
        api.ProofOfPossessionRequired = state.Obj("proof_of_possession")?.Bool("required") ?? false;

        if (state.String("signing_secret") is { } secret)
        {
            api.SigningSecretProtected = protector.Protect(secret, SecretPurposes.ApiSigningSecret);
        }
        else if (api.SigningSecretProtected is null)
        {
            // Auth0 generates a secret for every API, so switching to HS256 later never lacks one.
            api.SigningSecretProtected = protector.Protect(RandomValues.Secret(), SecretPurposes.ApiSigningSecret);
        }

        api.Document = AdminJson.Without(state, Columns);
    }

    private static void DefaultPolicy(JsonObject subjects, string subject, string policy)
    {
        if (subjects[subject] is not JsonObject entry)
        {
            entry = [];
            subjects[subject] = entry;
        }

        entry["policy"] ??= policy;
    }

    private static JsonNode Scope(ResourceServerScope scope)
    {
        var node = new JsonObject { ["value"] = scope.Value };
        if (scope.Description is not null)
        {
            node["description"] = scope.Description;
        }

        return node;
    }
}
