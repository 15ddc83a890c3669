using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;

namespace Authgate.Admin.Connections;

/// <summary>
/// What a connection strategy adds to the connections schema: the <c>options</c> it documents, checks beyond them,
/// and how its options are stored and shown (secrets encrypted, never returned). Register an implementation as
/// <c>IConnectionStrategy</c> to serve a new strategy (see <see cref="DatabaseStrategy"/>; <c>ad</c> comes next).
/// Strategies nobody registered are accepted and stored as they are, without effect.
/// </summary>
internal interface IConnectionStrategy
{
    /// <summary>The <c>strategy</c> value (<c>auth0</c>, <c>ad</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether the password and password-realm grants can sign users in through this strategy.</summary>
    bool ServesPasswordLogin { get; }

    /// <summary>The options this strategy documents; unknown option keys are kept (Auth0's options are open).</summary>
    ObjectSchema Options { get; }

    /// <summary>Checks across options that the schema cannot express; paths are relative to <c>options</c>.</summary>
    IReadOnlyList<FieldError> Check(JsonObject options);

    /// <summary>The options as stored (e.g. a password encrypted); <paramref name="stored"/> is the previous value on update.</summary>
    JsonObject Store(JsonObject options, JsonObject? stored);

    /// <summary>The stored options as the Management API shows them (e.g. without secrets).</summary>
    JsonObject Present(JsonObject stored);
}
