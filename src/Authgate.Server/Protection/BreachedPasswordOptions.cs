namespace Authgate.Protection;

/// <summary>Where breached passwords are looked up (<c>Authgate:BreachedPasswords</c>).</summary>
public sealed class BreachedPasswordOptions
{
    public const string Section = "Authgate:BreachedPasswords";

    /// <summary>
    /// A directory in the k-anonymity range format of the public breached-password corpora: one file per SHA-1
    /// prefix (5 hex characters, named <c>ABCDE</c> or <c>ABCDE.txt</c>) holding <c>SUFFIX:COUNT</c> lines.
    /// When empty, only the built-in list of common passwords is used.
    /// </summary>
    public string? RangeDirectory { get; set; }
}
