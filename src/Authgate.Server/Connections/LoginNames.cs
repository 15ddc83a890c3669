namespace Authgate.Connections;

/// <summary>How typed login names (email, username) are compared: trimmed and lower-cased, for every strategy.</summary>
internal static class LoginNames
{
    /// <remarks>
    /// A NUL becomes U+FFFD: PostgreSQL text cannot hold NUL, and the normalized name keys lookups and attack-protection
    /// counters. No stored name contains either, so such a name matches no user; directories still get the name as
    /// typed, escaped.
    /// </remarks>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant().Replace('\0', '\uFFFD');
}
