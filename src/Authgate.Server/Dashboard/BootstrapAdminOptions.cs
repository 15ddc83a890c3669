namespace Authgate.Dashboard;

/// <summary><c>Authgate:Dashboard:BootstrapAdmin</c>: both set, or neither.</summary>
public sealed class BootstrapAdminOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}
