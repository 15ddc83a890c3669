using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;

namespace Authgate.Admin.Connections;

/// <summary>
/// What a connection strategy adds to the connections schema: the <c>options</c> it documents, checks beyond them,
/// and how a secret among them is kept apart and encrypted (never stored in the options, never returned). Register an
/// implementation as <c>IConnectionStrategy</c> (see <see cref="DatabaseStrategy"/> and <see cref="LdapStrategy"/>).
/// Strategies nobody registered are accepted and stored as they are. Whether the password grants can use a strategy
/// is <c>Connections/PasswordDirectories</c>' business.
/// </summary>
internal interface IConnectionStrategy
{
    /// <summary>The <c>strategy</c> value (<c>auth0</c>, <c>ad</c>, …).</summary>
    string Name { get; }

    /// <summary>The options this strategy documents; unknown option keys are kept (Auth0's options are open).</summary>
    ObjectSchema Options { get; }

    /// <summary>Checks across options that the schema cannot express; paths are relative to <c>options</c>.</summary>
    /// <param name="hasStoredSecret">The connection already holds a secret, which an update may leave out.</param>
    IReadOnlyList<FieldError> Check(JsonObject options, bool hasStoredSecret);

    /// <summary>The options as stored, and the secret kept apart (encrypted), from options that passed <see cref="Check"/>.</summary>
    /// <param name="storedSecret">The connection's current secret: kept when the options leave it out.</param>
    (JsonObject Options, string? SecretProtected) Store(JsonObject options, string? storedSecret);

    /// <summary>The stored options with the secret put back, for a tenant export only.</summary>
    JsonObject Reveal(JsonObject stored, string? secretProtected);
}
