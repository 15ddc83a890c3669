using System.ComponentModel.DataAnnotations;

namespace Authgate.Hosting;

/// <summary>Server-wide settings bound from the <c>Authgate</c> configuration section.</summary>
public sealed class AuthgateOptions
{
    public const string Section = "Authgate";

    /// <summary>The issuer, <c>https://{host}/</c>. When empty it is derived from the first URL the server listens on.</summary>
    public string? Issuer { get; set; }

    /// <summary>Where the embedded SQLite database and the local encryption key live when not configured otherwise.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Base64 of 32 random bytes used to encrypt client secrets, API signing secrets and private signing keys.
    /// When empty a key file is created in <see cref="DataDirectory"/>; several nodes must share one configured key.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>
    /// A tenant file applied to an empty database on first start: Authgate's JSON (Management API v2 field names), an
    /// Auth0 Deploy CLI <c>tenant.yaml</c>, or a Deploy CLI export directory.
    /// </summary>
    public string? SeedFile { get; set; }

    /// <summary>
    /// Keyword mappings for a Deploy CLI seed (<c>##KEY##</c>, <c>@@KEY@@</c>): a JSON object, or a0deploy's
    /// <c>config.json</c>. Environment variables are keywords too and win over the file, as with a0deploy.
    /// </summary>
    public string? SeedKeywordsFile { get; set; }

    /// <summary>Seed a demo tenant on first start when no seed file is given.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>
    /// <c>Strict-Transport-Security</c> max-age sent on HTTPS responses, in seconds (Auth0 sends one year); 0 turns
    /// the header off. Never sent over plain HTTP.
    /// </summary>
    [Range(0, 2 * 31536000)]
    public int HstsMaxAgeSeconds { get; set; } = 31536000;

    /// <summary>Largest accepted body on the protocol endpoints, in bytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Seconds between two passes that give the free memory of glibc's malloc arenas back to the kernel
    /// (<see cref="NativeHeapTrimmer"/>); 0 turns them off. Only where glibc provides <c>malloc_trim</c>.
    /// </summary>
    [Range(0, 3600)]
    public int NativeHeapTrimSeconds { get; set; } = 5;
}
