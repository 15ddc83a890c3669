using Authgate.Logs;

namespace Authgate.Management;

/// <summary>
/// Guards every <c>/api/v2</c> endpoint: a valid Management API token with one of the endpoint's scopes. Changes
/// are recorded in the tenant log as <c>sapi</c> (success) or <c>fapi</c> (refused).
/// </summary>
internal sealed class ManagementAuthFilter(ManagementTokenValidator validator, LogEvents logs) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ManagementResults.Error(ManagementError.MissingAuthentication());
        }

        var (caller, error) = await validator.ValidateAsync(header["Bearer ".Length..].Trim());
        if (caller is null)
        {
            return ManagementResults.Error(error!);
        }

        var endpoint = context.GetEndpoint();
        var required = endpoint?.Metadata.GetMetadata<RequiredScopes>()?.Scopes ?? [];
        if (caller.EndUser)
        {
            // An end user's token never administers the tenant: only their own profile, with current_user scopes.
            var own = endpoint?.Metadata.GetMetadata<CurrentUserAccess>();
            if (own is null || !own.Scopes.Any(caller.Has))
            {
                return ManagementResults.Error(ManagementError.InsufficientScope([.. required, .. own?.Scopes ?? []]));
            }

            if (context.Request.RouteValues["id"] as string != caller.Subject)
            {
                return ManagementResults.Error(ManagementError.OtherUser());
            }
        }
        else if (required.Length > 0 && !required.Any(caller.Has))
        {
            return ManagementResults.Error(ManagementError.InsufficientScope(required));
        }

        context.Items[typeof(ManagementCaller)] = caller;
        var result = await next(invocation);

        if (endpoint?.Metadata.GetMetadata<AuditDescription>() is { } audit)
        {
            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200;
            var entry = logs.New(status < 400 ? LogEventTypes.SuccessApiOperation : LogEventTypes.FailedApiOperation, audit.Description);
            entry.ClientId = caller.ClientId;
            entry.Ip = context.Connection.RemoteIpAddress?.ToString();
            entry.UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 and <= 512 } ua ? ua : null;
            entry.Hostname = context.Request.Host.Host;
            entry.Details = System.Text.Json.JsonSerializer.Serialize(new
            {
                request = new { method = context.Request.Method, path = context.Request.Path.Value },
                response = new { statusCode = status },
            });
            logs.Add(entry);
        }

        return result;
    }
}
