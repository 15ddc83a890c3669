using System.Text;
using Authgate.Connections;

namespace Authgate.Tests.Connections;

/// <summary>
/// The vectorized Argon2id, in AVX2 registers and (where the processor has it) in AVX-512 ones, gives libargon2's
/// bytes for every parameter shape (lanes, passes, memory that is not a multiple of four lanes' slices, tags shorter
/// and longer than one BLAKE2b output), reads and writes the same PHC strings as both native libraries, and leaves
/// nothing of the password in the working memory a hashing thread keeps.
/// </summary>
public sealed class Argon2idSimdTests
{
    private static readonly IArgon2Backend Simd = new SimdArgon2Backend(new LibArgon2Backend());
    private static readonly IArgon2Backend Sodium = new SodiumBackend();

    /// <summary>Both widths where the processor has AVX-512, else AVX2 alone.</summary>
    public static TheoryData<bool> Widths() => Argon2idSimd.IsWideSupported ? new TheoryData<bool> { false, true } : new TheoryData<bool> { false };

    [Avx2Fact]
    public void The_server_uses_the_widest_registers_the_processor_has()
    {
        new SimdArgon2Backend(new LibArgon2Backend()).Name.Should().Be(Argon2idSimd.IsWideSupported ? "avx512" : "avx2");
        PasswordHashing.ServerBackend().Name.Should().Be(Argon2idSimd.IsWideSupported ? "avx512" : "avx2");
    }

    [Avx2Theory]
    [MemberData(nameof(Widths))]
    public void Random_parameters_give_libargon2s_bytes(bool wide)
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
            Argon2idSimd.Hash(password, salt, memoryKiB, iterations, lanes, actual, wide);

            actual.Should().Equal(expected, $"wide={wide}, m={memoryKiB}, t={iterations}, p={lanes}, {password.Length}-byte password, {salt.Length}-byte salt, {length}-byte tag");
        }
    }

    [Avx2Theory]
    [MemberData(nameof(Widths))]
    public void The_production_costs_give_libargon2s_bytes(bool wide)
    {
        var expected = new byte[32];
        var actual = new byte[32];
        var salt = "0123456789abcdef"u8;

        LibArgon2Backend.Compute("correct horse battery staple"u8, salt, 19456, 2, 1, expected).Should().BeTrue();
        Argon2idSimd.Hash("correct horse battery staple"u8, salt, 19456, 2, 1, actual, wide);

        actual.Should().Equal(expected);
    }

    /// <summary>Argon2id known answers of the reference implementation's own tests (phc-winner-argon2, version 0x13).</summary>
    [Avx2Theory]
    [MemberData(nameof(Widths))]
    public void The_reference_implementations_known_answers(bool wide)
    {
        (string Password, string Salt, uint MemoryKiB, uint Iterations, uint Lanes, string Hex)[] vectors =
        [
            ("password", "somesalt", 1 << 16, 2, 1, "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"),
            ("password", "somesalt", 1 << 8, 2, 1, "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe"),
            ("password", "somesalt", 1 << 8, 2, 2, "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037"),
            ("password", "somesalt", 1 << 16, 1, 1, "f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98"),
            ("password", "diffsalt", 1 << 16, 2, 1, "bdf32b05ccc42eb15d58fd19b1f856b113da1e9a5874fdcc544308565aa8141c"),
        ];
        foreach (var (password, salt, memoryKiB, iterations, lanes, hex) in vectors)
        {
            var actual = new byte[32];
            Argon2idSimd.Hash(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), memoryKiB, iterations, lanes, actual, wide);
            Convert.ToHexStringLower(actual).Should().Be(hex, $"wide={wide}, {password}/{salt}, m={memoryKiB}, t={iterations}, p={lanes}");
        }
    }

    [Avx2Fact]
    public void Its_hashes_verify_with_both_native_libraries_and_theirs_with_it()
    {
        var password = Encoding.UTF8.GetBytes("pässwörd ✓ 密码");
        var wrong = Encoding.UTF8.GetBytes("pässwörd ✓ 密码!");
        var ours = Simd.Hash(password, 512, 2);
        var sodium = Sodium.Hash(password, 512, 2);
        var argon2 = new LibArgon2Backend().Hash(password, 512, 2);

        Sodium.Verify(ours, password).Should().BeTrue();
        new LibArgon2Backend().Verify(ours, password).Should().BeTrue();
        Simd.Verify(sodium, password).Should().BeTrue();
        Simd.Verify(argon2, password).Should().BeTrue();
        Simd.Verify(sodium, wrong).Should().BeFalse();
        Simd.Verify(ours, wrong).Should().BeFalse();
        Simd.Verify("$argon2id$v=19$m=512,t=2,p=1$c2FsdHNhbHQ$", password).Should().BeFalse();
    }

    [Avx2Fact]
    public void Costs_beyond_it_go_to_the_fallback_library()
    {
        // 32 lanes: more than it takes; libargon2 computes it, and the answer is still right.
        var salt = "saltsaltsaltsalt"u8.ToArray();
        var hash = new byte[32];
        LibArgon2Backend.Compute("pw"u8, salt, 256, 1, 32, hash).Should().BeTrue();
        var phc = new Argon2Phc(256, 1, 32, salt, hash).ToString();

        Argon2idSimd.Accepts(salt.Length, 32, 256, 1, 32).Should().BeFalse();
        Simd.Verify(phc, "pw"u8).Should().BeTrue();
        Simd.Verify(phc, "pW"u8).Should().BeFalse();
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
                var phc = Simd.Hash("secret"u8, 1024, 1);
                var before = Argon2WorkingMemory.RegionsMappedByThisThread;
                Simd.Verify(phc, "secret"u8).Should().BeTrue();
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

/// <summary>A test of the vectorized Argon2id: skipped on a processor without AVX2.</summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute()
    {
        if (!Argon2idSimd.IsSupported)
        {
            Skip = "The processor has no AVX2.";
        }
    }
}

/// <summary>As <see cref="Avx2FactAttribute"/>, for a theory.</summary>
public sealed class Avx2TheoryAttribute : TheoryAttribute
{
    public Avx2TheoryAttribute()
    {
        if (!Argon2idSimd.IsSupported)
        {
            Skip = "The processor has no AVX2.";
        }
    }
}
