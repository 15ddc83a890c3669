namespace Authgate.Connections;

/// <summary>
/// Argon2id computed by <see cref="Argon2idAvx2"/> where the processor has AVX2, with the working memory kept per
/// hashing thread like libargon2's; parameters it does not take (an imported hash with many lanes or a huge memory
/// cost) go to <paramref name="fallback"/>. Same PHC strings as the native libraries.
/// </summary>
internal sealed class Avx2Argon2Backend(IArgon2Backend fallback) : IArgon2Backend
{
    public string Name => "avx2";

    public string Hash(ReadOnlySpan<byte> password, int memoryKiB, int iterations) =>
        Argon2idAvx2.Accepts(Argon2Phc.SaltLength, Argon2Phc.HashLength, (uint)memoryKiB, (uint)iterations, 1)
            ? Argon2Phc.Create(password, memoryKiB, iterations, Compute)
            : fallback.Hash(password, memoryKiB, iterations);

    public bool Verify(string phc, ReadOnlySpan<byte> password) =>
        Argon2Phc.TryParse(phc, out var stored)
        && (Argon2idAvx2.Accepts(stored!.Salt.Length, stored.Hash.Length, stored.MemoryKiB, stored.Iterations, stored.Parallelism)
            ? stored.Matches(password, Compute)
            : fallback.Verify(phc, password));

    private static bool Compute(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint memoryKiB, uint iterations, uint lanes, Span<byte> output)
    {
        Argon2idAvx2.Hash(password, salt, memoryKiB, iterations, lanes, output);
        return true;
    }
}
