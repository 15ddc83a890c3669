using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>The few libsodium calls we need for Argon2id (Debian package <c>libsodium23</c>).</summary>
internal static partial class Sodium
{
    /// <summary>crypto_pwhash_argon2id_STRBYTES</summary>
    public const int StrBytes = 128;

    static Sodium()
    {
        NativeLibraries.Register();
    }

    public static bool IsAvailable => NativeLibraries.IsAvailable(NativeLibraries.Sodium);

    public static void EnsureLoaded()
    {
        try
        {
            if (sodium_init() < 0)
            {
                throw new InvalidOperationException("libsodium failed to initialise.");
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "Neither libargon2 nor libsodium was found. Install one (Debian/Ubuntu: apt-get install libargon2-1; macOS: brew install argon2).", e);
        }
    }

    [LibraryImport(NativeLibraries.Sodium)]
    private static partial int sodium_init();

    [LibraryImport(NativeLibraries.Sodium)]
    public static unsafe partial int crypto_pwhash_argon2id_str(byte* output, byte* password, ulong passwordLength, ulong opsLimit, nuint memLimit);

    [LibraryImport(NativeLibraries.Sodium)]
    public static unsafe partial int crypto_pwhash_argon2id_str_verify(byte* hash, byte* password, ulong passwordLength);
}
