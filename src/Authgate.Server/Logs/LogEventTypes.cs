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
    public const string MfaRequired = "mfar";
    public const string SuccessOtpExchange = "seotpft";
    public const string FailedOtpExchange = "feotpft";
    public const string SuccessOobExchange = "seoobft";
    public const string FailedOobExchange = "feoobft";
    public const string SuccessRecoveryCodeExchange = "sercft";
    public const string FailedRecoveryCodeExchange = "fercft";
    public const string GuardianAuthSucceeded = "gd_auth_succeed";
    public const string GuardianAuthFailed = "gd_auth_failed";
    public const string GuardianStartEnroll = "gd_start_enroll";
    public const string GuardianEnrollmentComplete = "gd_enrollment_complete";
    public const string GuardianOtpRateLimit = "gd_otp_rate_limit_exceed";
    public const string GuardianRecoverySucceeded = "gd_recovery_succeed";
    public const string GuardianRecoveryFailed = "gd_recovery_failed";
    public const string GuardianRecoveryRateLimit = "gd_recovery_rate_limit_exceed";
    public const string GuardianSendSms = "gd_send_sms";
    public const string GuardianSendEmail = "gd_send_email";
    public const string GuardianUnenroll = "gd_unenroll";
}
