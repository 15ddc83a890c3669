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
}
