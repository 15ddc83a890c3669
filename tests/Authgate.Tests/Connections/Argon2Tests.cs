using System.Text;
using Authgate.Connections;

namespace Authgate.Tests.Connections;

/// <summary>
/// The two native Argon2id libraries agree on every hash: what libsodium stored verifies through libargon2 and the
/// other way round, wrong passwords fail in both, and the PHC strings have the same shape.
/// </summary>
public sealed class Argon2Tests
{
    private static readonly IArgon2Backend Argon2 = new LibArgon2Backend();
    private static readonly IArgon2Backend Sodium = new SodiumBackend();

    public static TheoryData<string, int, int> Passwords => new()
    {
        { "correct horse battery staple", 256, 1 },
        { "", 512, 2 },
        { "pässwörd ✓ 密码", 1024, 3 },
        { new string('x', 500), 64, 1 },
    };

    [Theory]
    [MemberData(nameof(Passwords))]
    public void A_libsodium_hash_verifies_with_libargon2_and_back(string password, int memoryKiB, int iterations)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        var fromSodium = Sodium.Hash(bytes, memoryKiB, iterations);
        var fromArgon2 = Argon2.Hash(bytes, memoryKiB, iterations);

        Argon2.Verify(fromSodium, bytes).Should().BeTrue();
        Sodium.Verify(fromArgon2, bytes).Should().BeTrue();
        Argon2.Verify(fromArgon2, bytes).Should().BeTrue();
        var wrong = Encoding.UTF8.GetBytes(password + "!");
        Argon2.Verify(fromSodium, wrong).Should().BeFalse();
        Sodium.Verify(fromArgon2, wrong).Should().BeFalse();
    }

    [Fact]
    public void Both_write_the_same_phc_shape()
    {
        var bytes = Encoding.UTF8.GetBytes("secret");
        var fromSodium = Sodium.Hash(bytes, 19456, 2);
        var fromArgon2 = Argon2.Hash(bytes, 19456, 2);

        fromArgon2.Should().StartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        fromArgon2.Length.Should().Be(fromSodium.Length);
        fromArgon2.Split('$').Select(p => p.Length).Should().Equal(fromSodium.Split('$').Select(p => p.Length));
        Argon2.Verify(fromSodium, bytes).Should().BeTrue();
    }

    [Fact]
    public void A_known_libsodium_vector_verifies()
    {
        // Made by libsodium 1.0.18 (crypto_pwhash_argon2id_str) at the production cost.
        const string production = "$argon2id$v=19$m=19456,t=2,p=1$4T+9TKFigEmi+XWED3/f2w$Cl57Kauwvez7vsr4EgsbjwPDOIlovEan9e2rBosv3ho";
        // Made by the reference argon2id_hash_encoded with password "pw" (one and two lanes), accepted by libsodium.
        const string p1 = "$argon2id$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA";
        const string p2 = "$argon2id$v=19$m=1024,t=2,p=2$MDEyMzQ1Njc4OWFiY2RlZg$hVuBS/Ly/rDXHObZ+/aNZDpLIy6JTzS/Qd1AYNjCz9E";
        var pw = "pw"u8.ToArray();

        foreach (var backend in new[] { Argon2, Sodium })
        {
            backend.Verify(production, "bench password 123"u8).Should().BeTrue(backend.Name);
            backend.Verify(p1, pw).Should().BeTrue(backend.Name);
            backend.Verify(p2, pw).Should().BeTrue(backend.Name);
            backend.Verify(p1, "pX"u8.ToArray()).Should().BeFalse(backend.Name);
        }
    }

    [Theory]
    [InlineData("$argon2id$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA")]
    [InlineData("$argon2id$v=16$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA")]
    [InlineData("$argon2i$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg==$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA")]
    [InlineData("$argon2id$v=19$m=1024,t=0,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$MDEy$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA$")]
    [InlineData("$2b$10$abcdefghijklmnopqrstuu5Q5ZK9fTRmS3yCIk8qcw0fM0WlN4w2e")]
    [InlineData("")]
    public void Strings_libsodium_refuses_are_refused(string phc)
    {
        Argon2.Verify(phc, "pw"u8).Should().BeFalse();
        Sodium.Verify(phc, "pw"u8).Should().BeFalse();
        Argon2Phc.NeedsRehash(phc, 1024, 2).Should().BeTrue("an unreadable string must be replaced at the next login");
    }

    [Fact]
    public void Rehash_is_needed_when_memory_or_time_cost_changed_but_not_parallelism()
    {
        const string current = "$argon2id$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$nI9xnQCPnyiXYzrkopaIPbdpCSk8Q0k/jjtEuheQMhA";
        const string otherLanes = "$argon2id$v=19$m=1024,t=2,p=2$MDEyMzQ1Njc4OWFiY2RlZg$hVuBS/Ly/rDXHObZ+/aNZDpLIy6JTzS/Qd1AYNjCz9E";

        Argon2Phc.NeedsRehash(current, 1024, 2).Should().BeFalse();
        Argon2Phc.NeedsRehash(otherLanes, 1024, 2).Should().BeFalse();
        Argon2Phc.NeedsRehash(current, 2048, 2).Should().BeTrue();
        Argon2Phc.NeedsRehash(current, 1024, 3).Should().BeTrue();
    }

    [Fact]
    public void A_hashing_thread_maps_its_working_memory_once()
    {
        var mapped = 0L;
        var thread = new Thread(() =>
        {
            Argon2WorkingMemory.KeepForThisThread();
            try
            {
                var hash = Argon2.Hash("pw"u8, 4096, 1);
                var before = Argon2WorkingMemory.RegionsMappedByThisThread;
                for (var i = 0; i < 5; i++)
                {
                    Argon2.Verify(hash, "pw"u8).Should().BeTrue();
                }

                mapped = Argon2WorkingMemory.RegionsMappedByThisThread - before;
            }
            finally
            {
                Argon2WorkingMemory.ReleaseForThisThread();
            }
        });
        thread.Start();
        thread.Join();

        mapped.Should().Be(0);
    }

    [Fact]
    public void Other_threads_get_a_region_per_hash()
    {
        var before = Argon2WorkingMemory.RegionsMappedByThisThread;

        Argon2.Hash("pw"u8, 1024, 1);
        Argon2.Hash("pw"u8, 1024, 1);

        (Argon2WorkingMemory.RegionsMappedByThisThread - before).Should().Be(2);
    }
}
