using Authgate.Grants;
using Authgate.OAuth;
using Authgate.Storage.Entities;

namespace Authgate.Logs;

/// <summary>The tenant log event of one token-endpoint outcome: Auth0's type code and fields, never a credential.</summary>
internal static class TokenRequestEvents
{
    /// <param name="endUser">The user's IP and, when a trusted backend forwarded it, the backend's own (<c>client_ip</c>).</param>
    public static LogEvent Create(LogEvents logs, TokenRequest request, Client? client, GrantResult result, (string? Ip, string? ClientIp) endUser, string hostname)
    {
        var success = result.Error is null;
        var audit = result.Audit;
        var entry = logs.New(audit?.EventType ?? DefaultType(request.GrantType, success), success ? null : result.Error!.Description);
        entry.ClientId = client?.ClientId ?? Truncate(request.Basic?.ClientId ?? request[OAuthParameters.ClientId]);
        entry.ClientName = client?.Name;
        entry.Ip = endUser.Ip;
        entry.ClientIp = endUser.ClientIp;
        entry.UserAgent = request.UserAgent;
        entry.Hostname = hostname;
        entry.Audience = audit?.Audience;
        entry.Scope = audit?.Scope;
        entry.Details = audit?.Details?.ToJsonString();
        if (audit?.User is { } user)
        {
            entry.UserId = user.UserId;
            entry.UserName = user.Email ?? user.Username;
        }
        else if (request.GrantType is GrantTypes.Password or GrantTypes.PasswordRealm)
        {
            // Auth0 records the name that was tried, so failed logins for unknown users can be traced.
            entry.UserName = Truncate(request[OAuthParameters.Username]);
        }

        if (audit?.Connection is { } connection)
        {
            entry.Connection = connection.Name;
            entry.ConnectionId = connection.Id;
            entry.Strategy = connection.Strategy;
            entry.StrategyType = Strategies.TypeOf(connection.Strategy);
        }

        return entry;
    }

    private static string DefaultType(string? grantType, bool success) => grantType switch
    {
        GrantTypes.RefreshToken => success ? LogEventTypes.SuccessRefreshExchange : LogEventTypes.FailedRefreshExchange,
        GrantTypes.ClientCredentials => success ? LogEventTypes.SuccessClientCredentials : LogEventTypes.FailedClientCredentials,
        GrantTypes.MfaOtp => success ? LogEventTypes.SuccessOtpExchange : LogEventTypes.FailedOtpExchange,
        GrantTypes.MfaOob => success ? LogEventTypes.SuccessOobExchange : LogEventTypes.FailedOobExchange,
        GrantTypes.MfaRecoveryCode => success ? LogEventTypes.SuccessRecoveryCodeExchange : LogEventTypes.FailedRecoveryCodeExchange,
        _ => success ? LogEventTypes.SuccessLogin : LogEventTypes.FailedLogin,
    };

    /// <summary>At most 256 characters, and no NUL: PostgreSQL text cannot hold one, and one bad row would stall the log writer's batch.</summary>
    private static string? Truncate(string? value) => (value is { Length: > 256 } ? value[..256] : value)?.Replace('\0', '\uFFFD');
}
