using System.Text.Json;
using Authgate.Dashboard.Accounts;
using Authgate.Logs;

namespace Authgate.Dashboard;

/// <summary>
/// Records a dashboard change in the tenant log as Auth0 records its own dashboard's: a <c>sapi</c> (or <c>fapi</c>)
/// event whose <c>details.request.auth.user</c> names the administrator and whose channel is the dashboard.
/// </summary>
internal static class DashboardAudit
{
    public const string Channel = "dashboard";

    public static void Record(LogEvents logs, HttpContext http, SignedInAdmin admin, string description, bool success)
    {
        var entry = logs.New(success ? LogEventTypes.SuccessApiOperation : LogEventTypes.FailedApiOperation, description);
        entry.UserId = admin.Id;
        entry.UserName = admin.Email;
        entry.Ip = http.Connection.RemoteIpAddress?.ToString();
        entry.UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 and <= 512 } ua ? ua : null;
        entry.Hostname = http.Request.Host.Host;
        entry.Details = JsonSerializer.Serialize(new
        {
            request = new
            {
                method = http.Request.Method.ToLowerInvariant(),
                path = http.Request.Path.Value,
                channel = Channel,
                auth = new { strategy = "dashboard", user = new { user_id = admin.Id, email = admin.Email } },
            },
            response = new { statusCode = success ? 200 : 400 },
        });
        logs.Add(entry);
    }
}
