using Authgate.Storage.Entities;

namespace Authgate.Connections;

internal enum LoginOutcome
{
    Success,
    WrongCredentials,
    Blocked,
}
