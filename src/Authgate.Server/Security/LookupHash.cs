using System.Security.Cryptography;
using System.Text;

namespace Authgate.Security;

/// <summary>
/// How an opaque secret value (refresh token, mfa_token, OOB code, unblock ticket, dashboard session id) is stored
/// and looked up: the hex SHA-256 of its UTF-8 bytes. The values carry at least 128 random bits, so a fast unsalted
/// hash is enough, and an equality lookup on it is safe.
/// </summary>
internal static class LookupHash
{
    public static string Of(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
