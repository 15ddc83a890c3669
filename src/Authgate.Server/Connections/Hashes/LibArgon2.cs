using System.Runtime.InteropServices;
using System.Text;

namespace Authgate.Connections.Hashes;

/// <summary>
/// The reference Argon2 library (Debian <c>libargon2-1</c>), for imported <c>$argon2i$</c> and <c>$argon2d$</c>
/// hashes, which libsodium does not verify (d) or which Authgate then replaces anyway (i).
/// </summary>
internal static partial class LibArgon2
{
    private const string Library = "libargon2.so.1";

    public static unsafe bool Verify(string encoded, byte[] password)
    {
        var type = encoded.StartsWith("$argon2d$", StringComparison.Ordinal) ? 0 : encoded.StartsWith("$argon2i$", StringComparison.Ordinal) ? 1 : 2;
        var stored = Encoding.ASCII.GetBytes(encoded + "\0");
        try
        {
            fixed (byte* e = stored)
            fixed (byte* p = password)
            {
                return argon2_verify(e, p, (nuint)password.Length, type) == 0;
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libargon2 was not found (Debian/Ubuntu: apt-get install libargon2-1); it verifies imported argon2i/argon2d hashes.", e);
        }
    }

    [LibraryImport(Library)]
    private static unsafe partial int argon2_verify(byte* encoded, byte* password, nuint passwordLength, int type);
}
