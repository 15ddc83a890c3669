using System.ComponentModel.DataAnnotations;

namespace Authgate.Dashboard;

/// <summary>The admin dashboard, bound from <c>Authgate:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Authgate:Dashboard";

    /// <summary>Serve the dashboard at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where it is served: one or more path segments starting with <c>/</c>.</summary>
    [Required]
    [RegularExpression("^(/[A-Za-z0-9_.~-]+)+$", ErrorMessage = "Authgate:Dashboard:Path must look like /admin.")]
    public string Path { get; set; } = "/admin";

    /// <summary>A session unused for this long ends.</summary>
    [Range(1, 24 * 60)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>A session ends this long after its sign-in, used or not.</summary>
    [Range(1, 7 * 24)]
    public int AbsoluteTimeoutHours { get; set; } = 12;

    /// <summary>Wrong passwords or codes for one account within <see cref="LockoutMinutes"/> before it is locked for that long.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>Wrong passwords or codes from one IP address within <see cref="LockoutMinutes"/> before it is locked for that long.</summary>
    [Range(1, 10000)]
    public int MaxFailedSignInsPerIp { get; set; } = 20;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>An administrator created at start-up when no administrator has this email yet (for containers).</summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();
}
