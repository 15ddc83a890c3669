using Authgate.Storage.Entities;

namespace Authgate.Connections;

internal enum LoginOutcome
{
    Success,
    WrongPassword,
    UnknownUser,
    Blocked,
}
