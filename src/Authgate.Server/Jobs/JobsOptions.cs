using System.ComponentModel.DataAnnotations;

namespace Authgate.Jobs;

/// <summary>Users import and export jobs (<c>Authgate:Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Authgate:Jobs";

    /// <summary>The largest <c>users</c> file an import accepts, in bytes (Auth0 caps it at 500 KB; Authgate streams, so it can take far more).</summary>
    [Range(1024, 64L * 1024 * 1024 * 1024)]
    public long MaxImportBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Users written per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>A pending or processing job not updated for this long is failed: the node running it stopped.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an export's download link stays valid (Auth0: 60 seconds).</summary>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromSeconds(60);
}
