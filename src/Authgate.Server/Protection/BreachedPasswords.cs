using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Authgate.Protection;

/// <summary>
/// Knows whether a password appears in a breach: the built-in list of common passwords, an optional mounted corpus
/// in the SHA-1 range format (only the 5-character prefix picks the file, as with k-anonymity lookups), and
/// Auth0's test trigger (any password starting <c>AUTH0-TEST-</c>).
/// </summary>
internal sealed class BreachedPasswords
{
    public const string TestPrefix = "AUTH0-TEST-";

    private readonly HashSet<string> builtIn;
    private readonly string? rangeDirectory;

    public BreachedPasswords(IOptions<BreachedPasswordOptions> options)
    {
        rangeDirectory = options.Value.RangeDirectory;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Authgate.Protection.common-passwords.txt")
            ?? throw new InvalidOperationException("The built-in breached password list is missing.");
        using var reader = new StreamReader(stream);
        builtIn = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                builtIn.Add(Sha1(line));
            }
        }
    }

    public async Task<bool> IsBreachedAsync(string password, CancellationToken cancellationToken)
    {
        if (password.StartsWith(TestPrefix, StringComparison.Ordinal))
        {
            return true;
        }

        var hash = Sha1(password);
        if (builtIn.Contains(hash))
        {
            return true;
        }

        if (rangeDirectory is null)
        {
            return false;
        }

        var prefix = hash[..5];
        var file = Path.Combine(rangeDirectory, prefix);
        if (!File.Exists(file))
        {
            file += ".txt";
            if (!File.Exists(file))
            {
                return false;
            }
        }

        var suffix = hash[5..];
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var candidate = (colon < 0 ? line : line[..colon]).Trim();
            if (string.Equals(candidate, suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

#pragma warning disable CA5350 // SHA-1 is the corpora's lookup key, not a security primitive here.
    public static string Sha1(string password) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
#pragma warning restore CA5350
}
