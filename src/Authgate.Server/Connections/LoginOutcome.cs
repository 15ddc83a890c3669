using Authgate.Storage.Entities;

namespace Authgate.Connections;

internal enum LoginOutcome
{
    Success,
    WrongPassword,
    UnknownUser,
    Blocked,
    /// <summary>The hashing lane was full; the password was not checked.</summary>
    Rejected,
    /// <summary>The directory holding the password did not answer (down, slow, TLS refused): not a failed login.</summary>
    DirectoryUnavailable,
}
