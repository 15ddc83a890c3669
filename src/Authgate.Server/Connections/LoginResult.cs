using System.Text.Json.Nodes;
using Authgate.OAuth;
using Authgate.Storage.Entities;

namespace Authgate.Connections;

/// <summary>The outcome of a password check; <see cref="User"/> is null when no user has that name.</summary>
internal sealed record LoginResult(User? User, LoginOutcome Outcome)
{
    /// <summary>
    /// What the caller is told when the directory answered with an error of its own (a custom script's
    /// <c>UnauthorizedError</c>, a failed script); the outcome's default error when null.
    /// </summary>
    public OAuthError? Error { get; init; }

    /// <summary>Details for the login's tenant log event (the custom script that ran, its failure and console output).</summary>
    public JsonObject? Details { get; init; }
}
