using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;

namespace Authgate.Admin.Connections;

/// <summary>
/// A strategy Authgate accepts and stores but does not serve (social, enterprise, passwordless): its options are kept
/// as sent, and the token endpoint answers that the connection cannot be used for a password login.
/// </summary>
internal sealed class StoredOnlyStrategy(string name) : IConnectionStrategy
{
    public string Name => name;

    public ObjectSchema Options { get; } = Schema.Open(new());

    public IReadOnlyList<FieldError> Check(JsonObject options, bool hasStoredSecret) => [];

    public (JsonObject Options, string? SecretProtected) Store(JsonObject options, string? storedSecret) => (options, storedSecret);

    public JsonObject Reveal(JsonObject stored, string? secretProtected) => stored;
}
