using System.Text;
using Authgate.Connections;

namespace Authgate.Tests.Connections;

/// <summary>
/// The AVX2 Argon2id gives libargon2's bytes for every parameter shape (lanes, passes, memory that is not a multiple
/// of four lanes' slices, tags shorter and longer than one BLAKE2b output), reads and writes the same PHC strings as
/// both native libraries, and leaves nothing of the password in the working memory a hashing thread keeps.
/// </summary>
public sealed class Argon2idAvx2Tests
{
    private static readonly IArgon2Backend Avx2 = new Avx2Argon2Backend(new LibArgon2Backend());
    private static readonly IArgon2Backend Sodium = new SodiumBackend();

    [Avx2Fact]
    public void Random_parameters_give_libargon2s_bytes()
    {
        var random = new Random(20261204);
        for (var round = 0; round < 60; round++)
        {
            var lanes = (uint)random.Next(1, 5);
            var memoryKiB = (uint)random.Next((int)(8 * lanes), 300);
            var iterations = (uint)random.Next(1, 4);
            var password = new byte[random.Next(0, 100)];
            var salt = new byte[random.Next(8, 40)];
            random.NextBytes(password);
            random.NextBytes(salt);
            var length = random.Next(4, 140);
            var expected = new byte[length];
            var actual = new byte[length];

            LibArgon2Backend.Compute(password, salt, memoryKiB, iterations, lanes, expected).Should().BeTrue();
            Argon2idAvx2.Hash(password, salt, memoryKiB, iterations, lanes, actual);

            actual.Should().Equal(expected, $"m={memoryKiB}, t={iterations}, p={lanes}, {password.Length}-byte password, {salt.Length}-byte salt, {length}-byte tag");
        }
    }

    [Avx2Fact]
    public void The_production_costs_give_libargon2s_bytes()
    {
        var expected = new byte[32];
        var actual = new byte[32];
        var salt = "0123456789abcdef"u8;

        LibArgon2Backend.Compute("correct horse battery staple"u8, salt, 19456, 2, 1, expected).Should().BeTrue();
        Argon2idAvx2.Hash("correct horse battery staple"u8, salt, 19456, 2, 1, actual);

        actual.Should().Equal(expected);
    }

    [Avx2Fact]
    public void Its_hashes_verify_with_both_native_libraries_and_theirs_with_it()
    {
        var password = Encoding.UTF8.GetBytes("pässwörd ✓ 密码");
        var wrong = Encoding.UTF8.GetBytes("pässwörd ✓ 密码!");
        var ours = Avx2.Hash(password, 512, 2);
        var sodium = Sodium.Hash(password, 512, 2);
        var argon2 = new LibArgon2Backend().Hash(password, 512, 2);

        Sodium.Verify(ours, password).Should().BeTrue();
        new LibArgon2Backend().Verify(ours, password).Should().BeTrue();
        Avx2.Verify(sodium, password).Should().BeTrue();
        Avx2.Verify(argon2, password).Should().BeTrue();
        Avx2.Verify(sodium, wrong).Should().BeFalse();
        Avx2.Verify(ours, wrong).Should().BeFalse();
        Avx2.Verify("$argon2id$v=19$m=512,t=2,p=1$c2FsdHNhbHQ$", password).Should().BeFalse();
    }

    [Avx2Fact]
    public void Costs_beyond_it_go_to_the_fallback_library()
    {
        // 32 lanes: more than it takes; libargon2 computes it, and the answer is still right.
        var salt = "saltsaltsaltsalt"u8.ToArray();
        var hash = new byte[32];
        LibArgon2Backend.Compute("pw"u8, salt, 256, 1, 32, hash).Should().BeTrue();
        var phc = new Argon2Phc(256, 1, 32, salt, hash).ToString();

        Argon2idAvx2.Accepts(salt.Length, 32, 256, 1, 32).Should().BeFalse();
        Avx2.Verify(phc, "pw"u8).Should().BeTrue();
        Avx2.Verify(phc, "pW"u8).Should().BeFalse();
    }

    [Avx2Fact]
    public unsafe void A_kept_region_holds_nothing_after_a_hash()
    {
        var clean = false;
        var mapped = -1L;
        var thread = new Thread(() =>
        {
            Argon2WorkingMemory.KeepForThisThread();
            try
            {
                var phc = Avx2.Hash("secret"u8, 1024, 1);
                var before = Argon2WorkingMemory.RegionsMappedByThisThread;
                Avx2.Verify(phc, "secret"u8).Should().BeTrue();
                mapped = Argon2WorkingMemory.RegionsMappedByThisThread - before;

                // The kept region is what the next hash gets: all zero.
                var memory = Argon2WorkingMemory.Take(1024 * 1024);
                clean = !new ReadOnlySpan<byte>(memory, 1024 * 1024).ContainsAnyExcept((byte)0);
                Argon2WorkingMemory.Give(memory, 1024 * 1024);
            }
            finally
            {
                Argon2WorkingMemory.ReleaseForThisThread();
            }
        });
        thread.Start();
        thread.Join();

        mapped.Should().Be(0, "a hashing thread maps its working memory once");
        clean.Should().BeTrue();
    }
}

/// <summary>A test of the AVX2 Argon2id: skipped on a processor without AVX2.</summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute()
    {
        if (!Argon2idAvx2.IsSupported)
        {
            Skip = "The processor has no AVX2.";
        }
    }
}
