using Authgate.Admin.Schemas;

namespace Authgate.Admin.ResourceServers;

/// <summary>
/// The body of <c>POST /resource-servers</c> and <c>PATCH /resource-servers/{id}</c>: every field Auth0 documents,
/// with its limits. The identifier cannot change, so PATCH does not name it. <c>token_lifetime_for_web</c>,
/// <c>client</c>, <c>verificationLocation</c> and <c>options</c> are not in Auth0's document but are sent by its
/// own tools (Deploy CLI examples, node-auth0 v4, go-auth0 v1), so they are accepted and stored.
/// </summary>
internal static class ResourceServerSchema
{
    public const string NoAngleBrackets = "^[^<>]+$";

    public static readonly ObjectSchema Scope = Schema.Closed(new()
    {
        { "value", Schema.String().Length(1, 280).Matching(@"^\S+$").Describe("Value of this scope.") },
        { "description", Schema.String().Max(500).Describe("User-friendly description of this scope.") },
    }).Require("value");

    private static readonly ObjectSchema TokenEncryption = Schema.Closed(new()
    {
        { "format", Schema.Enum("compact-nested-jwe") },
        {
            "encryption_key", Schema.Closed(new()
            {
                { "name", Schema.String().Length(1, 128) },
                { "alg", Schema.Enum("RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512") },
                { "kid", Schema.String().Length(1, 128) },
                { "pem", Schema.String().Length(1, 4096) },
            }).Require("alg", "pem")
        },
    }).Require("format", "encryption_key").OrNull();

    private static readonly ObjectSchema ProofOfPossession = Schema.Closed(new()
    {
        { "mechanism", Schema.Enum("mtls", "dpop") },
        { "required", Schema.Boolean() },
        { "required_for", Schema.Enum("public_clients", "all_clients") },
    }).Require("mechanism", "required").OrNull();

    private static readonly ObjectSchema SubjectTypeAuthorization = Schema.Closed(new()
    {
        { "user", Schema.Open(new() { { "policy", Schema.Enum("allow_all", "deny_all", "require_client_grant") } }) },
        { "client", Schema.Open(new() { { "policy", Schema.Enum("deny_all", "require_client_grant") } }) },
        { "anonymous_user", Schema.Open(new() { { "policy", Schema.Enum("deny_all", "require_client_grant") } }) },
    }).Describe("Defines application access permission for a resource server.");

    private static readonly ObjectSchema AuthorizationPolicy = Schema.Closed(new()
    {
        { "policy_id", Schema.String().Length(1, 1024) },
    }).Require("policy_id").OrNull();

    private static readonly PropertyList Fields = new()
    {
        { "name", Schema.String().Max(200).Matching(NoAngleBrackets).Describe("Friendly name for this resource server. Can not contain `<` or `>` characters.") },
        { "identifier", Schema.String().Length(1, 600).Describe("Unique identifier for the API used as the audience parameter on authorization calls. Can not be changed once set.") },
        { "scopes", Schema.Array(Scope).Describe("List of permissions (scopes) that this API uses.") },
        { "signing_alg", Schema.Enum("HS256", "RS256", "RS512", "PS256").Describe("Algorithm used to sign JWTs.") },
        { "signing_secret", Schema.String().Min(16).Describe("Secret used to sign tokens when using symmetric algorithms (HS256).") },
        { "allow_offline_access", Schema.Boolean().Describe("Whether refresh tokens can be issued for this API (true) or not (false).") },
        { "allow_online_access", Schema.Boolean() },
        { "allow_online_access_with_ephemeral_sessions", Schema.Boolean() },
        { "token_lifetime", Schema.Integer().Between(0, 2592000).Describe("Expiration value (in seconds) for access tokens issued for this API from the token endpoint.") },
        { "token_lifetime_for_anonymous_access_tokens", Schema.Integer().Between(0, 2592000).OrNull() },
        { "token_dialect", Schema.Enum("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz").Describe("Dialect of issued access token.") },
        { "skip_consent_for_verifiable_first_party_clients", Schema.Boolean().Describe("Whether to skip user consent for applications flagged as first party (true) or not (false).") },
        { "enforce_policies", Schema.Boolean().Describe("Whether to enforce authorization policies (true) or to ignore them (false).") },
        { "token_encryption", TokenEncryption },
        { "consent_policy", Schema.Enum("transactional-authorization-with-mfa").OrNull() },
        { "authorization_details", Schema.Array(Schema.Any()).OrNull() },
        { "proof_of_possession", ProofOfPossession },
        { "subject_type_authorization", SubjectTypeAuthorization },
        { "authorization_policy", AuthorizationPolicy },
        // Legacy keys Auth0's own tools still send.
        { "token_lifetime_for_web", Schema.Integer().Between(0, 2592000) },
        { "client", Schema.Open(new()) },
        { "verificationLocation", Schema.String() },
        { "options", Schema.Map(Schema.String()) },
    };

    public static readonly ObjectSchema Create = Schema.Closed(Fields).Require("identifier");

    public static readonly ObjectSchema Update = Schema.Closed(Fields).Without("identifier");

    /// <summary>What Auth0 lets a caller change on a system API (the Management API).</summary>
    public static readonly ObjectSchema UpdateSystem = Update.Without(
        Fields.Select(f => f.Key)
            .Except(["token_lifetime", "proof_of_possession", "skip_consent_for_verifiable_first_party_clients", "subject_type_authorization", "authorization_policy"])
            .ToArray());
}
