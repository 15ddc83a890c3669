namespace Authgate.Tokens;

internal enum RevocationResult
{
    Revoked,
    Unknown,
    AnotherClient,
}
