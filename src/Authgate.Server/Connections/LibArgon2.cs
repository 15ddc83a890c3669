using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// The reference Argon2 library (Debian package <c>libargon2-1</c>). Unlike libsodium it lets the caller supply the
/// working memory through <see cref="Context.Allocate"/>/<see cref="Context.Free"/>, which
/// <see cref="Argon2WorkingMemory"/> uses to keep one region per hashing thread. It also verifies the imported
/// <c>$argon2i$</c> and <c>$argon2d$</c> hashes (<see cref="Hashes.ImportedHashes"/>), which libsodium does not
/// verify (d) or which are replaced at the first good login anyway (i). The one binding to the library.
/// </summary>
internal static unsafe partial class LibArgon2
{
    public const int Argon2id = 2;
    public const uint Version13 = 0x13;
    public const int Ok = 0;
    public const int MemoryAllocationError = -22;

    static LibArgon2()
    {
        NativeLibraries.Register();
    }

    public static bool IsAvailable => NativeLibraries.IsAvailable(NativeLibraries.Argon2);

    /// <summary><c>argon2_context</c> from argon2.h (stable since 2016).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Context
    {
        public byte* Out;
        public uint OutLength;
        public byte* Password;
        public uint PasswordLength;
        public byte* Salt;
        public uint SaltLength;
        public byte* Secret;
        public uint SecretLength;
        public byte* AssociatedData;
        public uint AssociatedDataLength;
        public uint TimeCost;
        public uint MemoryCostKiB;
        public uint Lanes;
        public uint Threads;
        public uint Version;
        public delegate* unmanaged[Cdecl]<byte**, nuint, int> Allocate;
        public delegate* unmanaged[Cdecl]<byte*, nuint, void> Free;
        public uint Flags;
    }

    [LibraryImport(NativeLibraries.Argon2, EntryPoint = "argon2_ctx")]
    public static partial int Hash(Context* context, int type);

    /// <summary>True when <paramref name="encoded"/> (any Argon2 type, any version libargon2 reads) was made from <paramref name="password"/>.</summary>
    public static bool Verify(string encoded, byte[] password)
    {
        var type = encoded.StartsWith("$argon2d$", StringComparison.Ordinal) ? 0 : encoded.StartsWith("$argon2i$", StringComparison.Ordinal) ? 1 : Argon2id;
        var stored = System.Text.Encoding.ASCII.GetBytes(encoded + "\0");
        try
        {
            fixed (byte* e = stored)
            fixed (byte* p = password)
            {
                return VerifyEncoded(e, p, (nuint)password.Length, type) == Ok;
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libargon2 was not found (Debian/Ubuntu: apt-get install libargon2-1); it verifies imported argon2i/argon2d hashes.", e);
        }
    }

    [LibraryImport(NativeLibraries.Argon2, EntryPoint = "argon2_verify")]
    private static partial int VerifyEncoded(byte* encoded, byte* password, nuint passwordLength, int type);
}
