using Authgate.Storage.Entities;

namespace Authgate.Connections;

internal enum LoginOutcome
{
    Success,
    WrongCredentials,
    Blocked,
}

/// <summary>The outcome of a password check; <see cref="User"/> is null for wrong credentials.</summary>
internal sealed record LoginResult(User? User, LoginOutcome Outcome);
