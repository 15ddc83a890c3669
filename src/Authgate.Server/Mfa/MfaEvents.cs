using Authgate.Logs;
using Authgate.Storage.Entities;

namespace Authgate.Mfa;

/// <summary>The Guardian log events (<c>gd_*</c>) of each MFA step, next to the token endpoint's own event.</summary>
internal sealed class MfaEvents(LogEvents logs)
{
    /// <summary>Who asked: the client and the end user's connection details.</summary>
    public sealed record Origin(string? ClientId, string? ClientName, string? Ip, string? UserAgent, string? Hostname);

    public void Add(string type, string description, User user, Origin origin, string? authenticatorId = null)
    {
        var entry = logs.New(type, description);
        entry.UserId = user.UserId;
        entry.UserName = user.Email ?? user.Username;
        entry.ClientId = origin.ClientId;
        entry.ClientName = origin.ClientName;
        entry.Ip = origin.Ip;
        entry.UserAgent = origin.UserAgent;
        entry.Hostname = origin.Hostname;
        if (authenticatorId is not null)
        {
            entry.Details = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["authenticator_id"] = authenticatorId });
        }

        logs.Add(entry);
    }

    public static Origin From(Grants.GrantContext context) =>
        new(context.Client.ClientId, context.Client.Name, context.EndUserIp, context.Request.UserAgent, context.Request.Hostname);
}
