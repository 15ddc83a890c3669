using Authgate.Admin.Schemas;

namespace Authgate.Admin.Connections;

/// <summary>
/// The body of <c>POST /connections</c> and <c>PATCH /connections/{id}</c>. <c>options</c> is open here; the
/// connection's strategy adds the options it documents (<see cref="IConnectionStrategy.Options"/>). The name and
/// strategy cannot change, so PATCH does not name them.
/// </summary>
internal static class ConnectionSchema
{
    public const string NamePattern = "^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$";

    private static readonly ObjectSchema Purpose = Schema.Closed(new() { { "active", Schema.Boolean() } }).Require("active");

    private static PropertyList Fields(bool patch) => new()
    {
        { "name", Schema.String().Max(128).Matching(NamePattern).Describe("The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128") },
        { "display_name", Schema.String().Max(128).Describe("Connection name used in the new universal login experience") },
        { "strategy", Schema.Enum(ConnectionStrategies.Known).Describe("The identity provider identifier for the connection") },
        { "options", patch ? Schema.Open(new()).OrNull().Describe("The connection's options (depend on the connection strategy)") : Schema.Open(new()).Describe("The connection's options (depend on the connection strategy)") },
        { "enabled_clients", patch ? Schema.Array(Schema.String().Formatted(SchemaFormats.ClientId)).OrNull() : Schema.Array(Schema.String().Formatted(SchemaFormats.ClientId)) },
        { "is_domain_connection", Schema.Boolean().Describe("true promotes to a domain-level connection so that third-party applications can use it. false does not promote the connection, so only first-party applications with the connection enabled can use it. (Defaults to false.)") },
        { "show_as_button", Schema.Boolean() },
        { "realms", Schema.Array(Schema.String().Formatted(SchemaFormats.ConnectionRealm)).Describe("Defines the realms for which the connection will be used (ie: email domains). If the array is empty or the property is not specified, the connection name will be added as realm.") },
        { "metadata", Schema.Map(Schema.String().Max(255).OrNull()).MaxProps(10).Describe("Metadata associated with the connection in the form of an object with string values (max 255 chars).  Maximum of 10 metadata properties allowed.") },
        { "authentication", Purpose },
        { "connected_accounts", Schema.Closed(new() { { "active", Schema.Boolean() }, { "cross_app_access", Schema.Boolean() }, { "allow_missing_user_id", Schema.Boolean() } }).Require("active") },
        { "cross_app_access_requesting_app", Purpose },
        { "cross_app_access_resource_app", patch ? Schema.Closed(new() { { "status", Schema.Enum("enabled", "disabled") } }).Require("status").OrNull() : Schema.Closed(new() { { "status", Schema.Enum("enabled", "disabled") } }).Require("status") },
    };

    public static readonly ObjectSchema Create = Schema.Closed(Fields(patch: false)).Require("name", "strategy");

    public static readonly ObjectSchema Update = Schema.Closed(Fields(patch: true)).Without("name", "strategy").MinProps(1);

    /// <summary>
    /// A connection in a tenant file: the POST body; <c>enabled_clients</c> may name clients instead of giving their
    /// ids (as Auth0's Deploy CLI writes them).
    /// </summary>
    public static readonly ObjectSchema Import = Create.With("enabled_clients", Schema.Array(Schema.String().Min(1)));

    /// <summary><c>PATCH /connections/{id}/clients</c>: a list of clients to enable or disable.</summary>
    public static readonly ArraySchema ClientChanges = Schema.Array(Schema.Closed(new()
    {
        { "client_id", Schema.String().Formatted(SchemaFormats.ClientId) },
        { "status", Schema.Boolean() },
    }).Require("client_id", "status")).Max(50);
}
