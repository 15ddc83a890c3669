namespace Authgate.Connections;

/// <summary>
/// A native Argon2id implementation: <see cref="LibArgon2Backend"/> where <c>libargon2</c> is installed (it reuses its
/// working memory), else <see cref="SodiumBackend"/>. Both read and write the same PHC strings (<see cref="Argon2Phc"/>).
/// </summary>
internal interface IArgon2Backend
{
    /// <summary>The library's name, for the start-up log and the metrics.</summary>
    string Name { get; }

    /// <summary>A PHC string for <paramref name="password"/> (UTF-8) with a new random 16-byte salt and a 32-byte hash.</summary>
    string Hash(ReadOnlySpan<byte> password, int memoryKiB, int iterations);

    /// <summary>True when <paramref name="phc"/> is a readable Argon2id string made from <paramref name="password"/>.</summary>
    bool Verify(string phc, ReadOnlySpan<byte> password);
}
