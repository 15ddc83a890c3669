using Authgate.Admin.Schemas;

namespace Authgate.Admin.ClientGrants;

/// <summary>
/// The body of <c>POST /client-grants</c> and <c>PATCH /client-grants/{id}</c>. The client, audience, subject type
/// and <c>default_for</c> cannot change, so PATCH does not name them.
/// </summary>
internal static class ClientGrantSchema
{
    private static readonly PropertyList Fields = new()
    {
        { "client_id", Schema.String().Describe("ID of the client.") },
        { "audience", Schema.String().Min(1).Describe("The audience (API identifier) of this client grant") },
        { "default_for", Schema.Enum("third_party_clients") },
        { "organization_usage", Schema.Enum("deny", "allow", "require") },
        { "allow_any_organization", Schema.Boolean() },
        { "scope", Schema.Array(Schema.String().Length(1, 280)).Describe("Scopes allowed for this client grant.") },
        { "subject_type", Schema.Enum("client", "user", "anonymous_user") },
        { "authorization_details_types", Schema.Array(Schema.String().Length(1, 255)) },
        { "allow_all_scopes", Schema.Boolean() },
    };

    public static readonly ObjectSchema Create = Schema.Closed(Fields).Require("audience");

    public static readonly ObjectSchema Update = Schema.Closed(Fields)
        .Without("client_id", "audience", "default_for", "subject_type")
        .NullableProps("scope", "organization_usage", "allow_any_organization", "allow_all_scopes")
        .MinProps(1);
}
