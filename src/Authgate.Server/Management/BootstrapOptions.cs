namespace Authgate.Management;

/// <summary>Configuration of the first management application (<c>Authgate:Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Authgate:Bootstrap";

    /// <summary>Client id of the management application; generated when empty.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its secret (at least 32 characters); generated and printed once when empty.</summary>
    public string? ClientSecret { get; set; }
}
