namespace Authgate.Connections;

/// <summary>How typed login names (email, username) are compared: trimmed and lower-cased, for every strategy.</summary>
internal static class LoginNames
{
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();
}
