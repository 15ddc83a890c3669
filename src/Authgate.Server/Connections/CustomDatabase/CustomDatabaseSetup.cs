using Authgate.Scripting;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// What the scripts of one custom database connection run with: the compiled scripts by name, the decrypted
/// <c>configuration</c> and the hosts <c>fetch</c> may reach. <see cref="Problem"/> says why the stored options cannot
/// run (written by an older version, or by hand), in which case every login fails without running anything.
/// </summary>
internal sealed record CustomDatabaseSetup(
    string ConnectionName,
    bool ImportMode,
    IReadOnlyDictionary<string, CompiledScript> Scripts,
    IReadOnlyDictionary<string, string> Configuration,
    HostAllowlist Allowlist,
    string Fingerprint)
{
    public string? Problem { get; init; }
}
