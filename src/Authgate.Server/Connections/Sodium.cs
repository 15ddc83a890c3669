using System.Reflection;
using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// The few libsodium calls we need for Argon2id (Debian package <c>libsodium23</c>). Debian ships only the
/// versioned soname without the development symlink, so the resolver tries the known file names.
/// </summary>
internal static partial class Sodium
{
    private const string Library = "libsodium";

    /// <summary>crypto_pwhash_argon2id_STRBYTES</summary>
    public const int StrBytes = 128;

    static Sodium()
    {
        NativeLibrary.SetDllImportResolver(typeof(Sodium).Assembly, Resolve);
    }

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
                "libsodium was not found. Install it (Debian/Ubuntu: apt-get install libsodium23; macOS: brew install libsodium).", e);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium.dylib", "libsodium" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    public static unsafe partial int crypto_pwhash_argon2id_str(byte* output, byte* password, ulong passwordLength, ulong opsLimit, nuint memLimit);

    [LibraryImport(Library)]
    public static unsafe partial int crypto_pwhash_argon2id_str_verify(byte* hash, byte* password, ulong passwordLength);

    [LibraryImport(Library)]
    public static unsafe partial int crypto_pwhash_argon2id_str_needs_rehash(byte* hash, ulong opsLimit, nuint memLimit);
}
