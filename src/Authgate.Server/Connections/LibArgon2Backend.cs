namespace Authgate.Connections;

/// <summary>Argon2id through libargon2, with the working memory from <see cref="Argon2WorkingMemory"/>.</summary>
internal sealed unsafe class LibArgon2Backend : IArgon2Backend
{
    public string Name => "libargon2";

    public string Hash(ReadOnlySpan<byte> password, int memoryKiB, int iterations) => Argon2Phc.Create(password, memoryKiB, iterations, Compute);

    public bool Verify(string phc, ReadOnlySpan<byte> password) => Argon2Phc.Matches(phc, password, Compute);

    internal static bool Compute(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint memoryKiB, uint iterations, uint lanes, Span<byte> output)
    {
        fixed (byte* p = password)
        fixed (byte* s = salt)
        fixed (byte* o = output)
        {
            var context = new LibArgon2.Context
            {
                Out = o,
                OutLength = (uint)output.Length,
                Password = p,
                PasswordLength = (uint)password.Length,
                Salt = s,
                SaltLength = (uint)salt.Length,
                TimeCost = iterations,
                MemoryCostKiB = memoryKiB,
                Lanes = lanes,
                // One thread per hash: the hashing lane already runs one hash per core.
                Threads = 1,
                Version = LibArgon2.Version13,
                Allocate = Argon2WorkingMemory.AllocateCallback,
                Free = Argon2WorkingMemory.FreeCallback,
            };
            var result = LibArgon2.Hash(&context, LibArgon2.Argon2id);
            if (result == LibArgon2.MemoryAllocationError)
            {
                throw new InvalidOperationException("Argon2id hashing failed: out of memory.");
            }

            return result == LibArgon2.Ok;
        }
    }
}
