using Authgate.Storage;
using Authgate.Storage.Entities;

namespace Authgate.Connections;

/// <summary>
/// The <c>auth0</c> strategy: checks a password against the connection's own user. An unknown user costs one dummy
/// hash, like a wrong password, so the answer and its timing do not tell them apart.
/// </summary>
internal sealed class DatabaseDirectory(RequestStorage storage, WriteGate writes, PasswordHashing hashing) : IPasswordDirectory
{
    public string Kind => Strategies.Auth0;

    /// <param name="account">The user <see cref="PasswordDirectories.FindAsync"/> found, or null (checked against a dummy hash).</param>
    public async Task<LoginResult> AuthenticateAsync(Connection connection, User? account, string username, string password, string caller, CancellationToken cancellationToken)
    {
        var user = account;
        var verification = await hashing.VerifyAsync(user?.PasswordHash, password, caller);
        if (verification == PasswordVerification.Rejected)
        {
            return new LoginResult(user, LoginOutcome.Rejected);
        }

        if (user is null)
        {
            return new LoginResult(null, LoginOutcome.UnknownUser);
        }

        if (verification == PasswordVerification.Failed)
        {
            return new LoginResult(user, LoginOutcome.WrongPassword);
        }

        // Checked only after the password so a blocked account is not revealed to someone guessing.
        if (user.Blocked)
        {
            return new LoginResult(user, LoginOutcome.Blocked);
        }

        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            var rehashed = hashing.Hash(password);
            using var write = await writes.EnterAsync(cancellationToken);
            // A plain statement: an EF query named anywhere in this method loads EF's query pipeline on every login.
            await storage.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE user_id = @id", cancellationToken, ("@hash", rehashed), ("@id", user.UserId));
        }

        return new LoginResult(user, LoginOutcome.Success);
    }
}
