using System.Text;

namespace Authgate.Connections;

/// <summary>Argon2id through libsodium: the fallback where libargon2 is not installed (libsodium maps its own memory per hash).</summary>
internal sealed unsafe class SodiumBackend : IArgon2Backend
{
    public SodiumBackend()
    {
        Sodium.EnsureLoaded();
    }

    public string Name => "libsodium";

    public string Hash(ReadOnlySpan<byte> password, int memoryKiB, int iterations)
    {
        Span<byte> output = stackalloc byte[Sodium.StrBytes];
        fixed (byte* p = password)
        fixed (byte* o = output)
        {
            if (Sodium.crypto_pwhash_argon2id_str(o, p, (ulong)password.Length, (ulong)iterations, (nuint)memoryKiB * 1024) != 0)
            {
                throw new InvalidOperationException("Argon2id hashing failed (out of memory?).");
            }
        }

        return Encoding.ASCII.GetString(output[..output.IndexOf((byte)0)]);
    }

    public bool Verify(string phc, ReadOnlySpan<byte> password)
    {
        if (!phc.StartsWith(Argon2Phc.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var stored = new byte[Encoding.ASCII.GetByteCount(phc) + 1];
        Encoding.ASCII.GetBytes(phc, stored);
        fixed (byte* h = stored)
        fixed (byte* p = password)
        {
            return Sodium.crypto_pwhash_argon2id_str_verify(h, p, (ulong)password.Length) == 0;
        }
    }
}
