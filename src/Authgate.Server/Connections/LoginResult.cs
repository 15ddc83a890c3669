using Authgate.Storage.Entities;

namespace Authgate.Connections;

/// <summary>The outcome of a password check; <see cref="User"/> is null when no user has that name.</summary>
internal sealed record LoginResult(User? User, LoginOutcome Outcome);
