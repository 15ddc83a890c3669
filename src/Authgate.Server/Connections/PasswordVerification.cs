namespace Authgate.Connections;

internal enum PasswordVerification
{
    Failed,
    Success,
    SuccessRehashNeeded,
    /// <summary>The hashing lane is full: the check was not made.</summary>
    Rejected,
}
