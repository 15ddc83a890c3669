namespace Authgate.Connections;

/// <summary>
/// Argon2id computed by <see cref="Argon2idSimd"/> where the processor has AVX2, in AVX-512 registers when
/// <paramref name="wide"/> (the default where the processor has them), with the working memory kept per hashing thread
/// like libargon2's; parameters it does not take (an imported hash with many lanes or a huge memory cost) go to
/// <paramref name="fallback"/>. Same PHC strings as the native libraries.
/// </summary>
internal sealed class SimdArgon2Backend(IArgon2Backend fallback, bool wide) : IArgon2Backend
{
    public SimdArgon2Backend(IArgon2Backend fallback)
        : this(fallback, Argon2idSimd.IsWideSupported)
    {
    }

    public string Name => wide ? "avx512" : "avx2";

    public string Hash(ReadOnlySpan<byte> password, int memoryKiB, int iterations) =>
        Argon2idSimd.Accepts(Argon2Phc.SaltLength, Argon2Phc.HashLength, (uint)memoryKiB, (uint)iterations, 1)
            ? Argon2Phc.Create(password, memoryKiB, iterations, compute)
            : fallback.Hash(password, memoryKiB, iterations);

    public bool Verify(string phc, ReadOnlySpan<byte> password) =>
        Argon2Phc.TryParse(phc, out var stored)
        && (Argon2idSimd.Accepts(stored!.Salt.Length, stored.Hash.Length, stored.MemoryKiB, stored.Iterations, stored.Parallelism)
            ? stored.Matches(password, compute)
            : fallback.Verify(phc, password));

    // One delegate per backend, made once, rather than a new one for each hash.
    private readonly Argon2Compute compute = (password, salt, memoryKiB, iterations, lanes, output) =>
    {
        Argon2idSimd.Hash(password, salt, memoryKiB, iterations, lanes, output, wide);
        return true;
    };
}
