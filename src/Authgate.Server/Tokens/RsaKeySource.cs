using System.Security.Cryptography;

namespace Authgate.Tokens;

/// <summary>
/// Where a new signing key's RSA-2048 pair comes from: the platform's generator. A type of its own because one pair
/// costs about 0.2 s of a core here and the test suite starts hundreds of servers on fresh databases: it gives them
/// pairs generated once per test run instead (<c>PooledRsaKeySource</c> in the tests; each server still gets distinct
/// pairs). Servers the tests start as processes, and every real deployment, use this one.
/// </summary>
internal class RsaKeySource
{
    public virtual RSA Create() => RSA.Create(2048);
}
