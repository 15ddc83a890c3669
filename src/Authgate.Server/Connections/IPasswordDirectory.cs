using Authgate.Storage.Entities;

namespace Authgate.Connections;

/// <summary>
/// Where a connection's passwords are checked: Authgate's own users (<c>auth0</c>), a directory server (<c>ad</c>),
/// custom scripts. <see cref="PasswordDirectories"/> picks one by the connection's strategy.
/// </summary>
internal interface IPasswordDirectory
{
    /// <summary>The connection strategy this directory serves.</summary>
    string Strategy { get; }

    /// <summary>
    /// Checks <paramref name="username"/> and <paramref name="password"/>. On success the result carries the local
    /// user (created or refreshed when the directory is external).
    /// </summary>
    /// <param name="account">The local user the typed name belongs to (<see cref="PasswordDirectories.FindAsync"/>), or null.</param>
    /// <param name="caller">Whose turn in the hashing lane this check takes (client and IP).</param>
    Task<LoginResult> AuthenticateAsync(Connection connection, User? account, string username, string password, string caller, CancellationToken cancellationToken);
}
