namespace Authgate.Dashboard;

/// <summary><c>Authgate:Dashboard:BootstrapAdmin</c>: both set, or neither.</summary>
public sealed class BootstrapAdminOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    /// <summary>Whether a bootstrap admin is asked for at all (either setting given).</summary>
    public bool Requested => !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrEmpty(Password);
}
