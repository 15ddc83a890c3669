using System.Reflection;
using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// The one <see cref="DllImportResolver"/> of this assembly (.NET allows only one). Debian ships the native
/// libraries we use only under their versioned sonames, without the development symlinks, so each logical name is
/// tried under its known file names.
/// </summary>
internal static class NativeLibraries
{
    public const string Sodium = "libsodium";
    public const string Argon2 = "libargon2";
    public const string C = "libc";

    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [Sodium] = ["libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium.dylib", "libsodium"],
        [Argon2] = ["libargon2.so.1", "libargon2.so", "libargon2.1.dylib", "libargon2.dylib", "libargon2"],
        [C] = ["libc.so.6", "libc"],
    };

    private static int registered;

    /// <summary>Installs the resolver once; called from the static constructors of the classes that import.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
    }

    /// <summary>True when <paramref name="name"/> can be loaded on this machine.</summary>
    public static bool IsAvailable(string name) => Load(name, typeof(NativeLibraries).Assembly, null) != IntPtr.Zero;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => Load(name, assembly, path);

    private static IntPtr Load(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!Candidates.TryGetValue(name, out var files))
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in files)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
