using System.ComponentModel.DataAnnotations;

namespace Authgate.Connections;

/// <summary>
/// Argon2id cost (<c>Authgate:PasswordHashing</c>). Defaults are OWASP's first Argon2id configuration
/// (m=19 MiB, t=2, p=1). Raising them takes effect for new passwords at once and for existing ones at their
/// next successful login (rehash).
/// </summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Authgate:PasswordHashing";

    /// <summary>The OWASP minimum; below it the server warns at start (tests use a cheaper setting on purpose).</summary>
    public const int OwaspMinimumMemoryKiB = 19 * 1024;

    /// <summary>Memory cost in KiB. Values under <see cref="OwaspMinimumMemoryKiB"/> are for tests only.</summary>
    [Range(64, 4 * 1024 * 1024)]
    public int MemoryKiB { get; set; } = 19 * 1024;

    /// <summary>Number of passes.</summary>
    [Range(1, 64)]
    public int Iterations { get; set; } = 2;

    /// <summary>Hashing threads (each holds <see cref="MemoryKiB"/> while it hashes). 0 means one per core.</summary>
    [Range(0, 256)]
    public int MaxConcurrency { get; set; }
}
