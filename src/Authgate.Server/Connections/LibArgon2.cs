using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// The reference Argon2 library (Debian package <c>libargon2-1</c>). Unlike libsodium it lets the caller supply the
/// working memory through <see cref="Context.Allocate"/>/<see cref="Context.Free"/>, which
/// <see cref="Argon2WorkingMemory"/> uses to keep one region per hashing thread.
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
}
