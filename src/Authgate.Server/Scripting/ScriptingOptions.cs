using System.ComponentModel.DataAnnotations;

namespace Authgate.Scripting;

/// <summary>
/// Limits of the script sandbox (<c>Authgate:Scripting</c>). Auth0 allows 20 s per trigger; a login that waits that
/// long has usually failed already, so the default is smaller.
/// </summary>
internal sealed class ScriptingOptions
{
    public const string Section = "Authgate:Scripting";

    /// <summary>Wall-clock budget of one trigger (every Rule and Action of one login together), in milliseconds.</summary>
    [Range(10, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 5_000;

    /// <summary>Statements one script execution may run before it is stopped.</summary>
    [Range(1_000, 1_000_000_000)]
    public int MaxStatements { get; set; } = 5_000_000;

    /// <summary>Bytes one script execution may allocate.</summary>
    [Range(1_000_000, 1_000_000_000)]
    public long MemoryLimitBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Call depth of one script execution.</summary>
    [Range(16, 10_000)]
    public int MaxRecursionDepth { get; set; } = 256;

    /// <summary>Scripts running at once on this node; more wait. Zero means the number of processors.</summary>
    [Range(0, 1_024)]
    public int MaxConcurrency { get; set; }

    /// <summary>How long an execution waits for a free slot before it gives up, in milliseconds.</summary>
    [Range(0, 60_000)]
    public int QueueTimeoutMilliseconds { get; set; } = 2_000;

    /// <summary>Characters of <c>console</c> output kept per execution (the log event keeps Auth0's 256).</summary>
    [Range(256, 1_000_000)]
    public int MaxConsoleCharacters { get; set; } = 4_096;
}
