namespace Authgate.Connections;

internal enum PasswordVerification
{
    Failed,
    Success,
    SuccessRehashNeeded,
}
