using System.ComponentModel.DataAnnotations;

namespace Authgate.Management;

/// <summary>Limits of the Management API (<c>Authgate:ManagementApi</c>).</summary>
public sealed class ManagementApiOptions
{
    public const string Section = "Authgate:ManagementApi";

    /// <summary>
    /// Requests to <c>/api/v2</c> per minute for the whole tenant, counted across nodes; past it the API answers 429.
    /// Every answer reports the budget in <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c>. 0 turns the
    /// limit (and the headers) off.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerMinute { get; set; } = 6000;
}
