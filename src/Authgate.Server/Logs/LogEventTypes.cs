namespace Authgate.Logs;

/// <summary>Auth0's log event type codes used by this flow (contract §7.1).</summary>
internal static class LogEventTypes
{
    public const string SuccessLogin = "s";
    public const string FailedLogin = "f";
    public const string FailedLoginWrongPassword = "fp";
    public const string FailedLoginUnknownUser = "fu";
    public const string SuccessRefreshExchange = "sertft";
    public const string FailedRefreshExchange = "fertft";
    public const string FailedRotatingRefreshExchange = "ferrt";
    public const string RefreshTokenRevoked = "srrt";
    public const string SuccessClientCredentials = "seccft";
    public const string FailedClientCredentials = "feccft";
    public const string BruteForceBlock = "limit_wc";
    public const string SameUserLoginLimit = "limit_sul";
    public const string SuspiciousIpBlock = "limit_mu";
    public const string BlockReleased = "ublkdu";
    public const string PasswordLeaked = "pwd_leak";
    public const string SuccessApiOperation = "sapi";
    public const string FailedApiOperation = "fapi";
}
