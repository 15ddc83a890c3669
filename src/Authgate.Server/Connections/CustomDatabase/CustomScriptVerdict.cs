namespace Authgate.Connections.CustomDatabase;

/// <summary>How a custom database script ended, in Auth0's terms.</summary>
internal enum CustomScriptVerdict
{
    /// <summary><c>callback(null, value)</c>: the value may be null (<c>callback(null)</c>: no such user).</summary>
    Done,

    /// <summary><c>callback(new WrongUsernameOrPasswordError(emailOrUserId, message))</c>.</summary>
    WrongCredentials,

    /// <summary><c>callback(new UnauthorizedError(message))</c>: the message is meant for the user.</summary>
    Unauthorized,

    /// <summary><c>callback(new ValidationError(code, message))</c> (<c>user_exists</c> from create).</summary>
    Invalid,

    /// <summary>Any other error, a throw, a rejected promise, or a sandbox limit.</summary>
    Failed,

    /// <summary>No script slot became free in time: the script did not run.</summary>
    Busy,

    /// <summary>The connection has no such script.</summary>
    Missing,
}
