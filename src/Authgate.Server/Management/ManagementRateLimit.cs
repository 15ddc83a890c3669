using System.Globalization;
using Authgate.Protection;
using Microsoft.Extensions.Options;

namespace Authgate.Management;

/// <summary>
/// The Management API's rate limit, as Auth0 runs it: one budget per tenant per window, counted in the shared database
/// (<see cref="RateLimitCounter"/>) so every node spends the same budget; <c>X-RateLimit-*</c> on every answer under
/// <c>/api/v2</c>, errors and unknown routes included; 429 in the Management error shape past the limit.
/// </summary>
internal static class ManagementRateLimit
{
    public static IApplicationBuilder UseManagementRateLimit(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ManagementEndpoints.Prefix), branch => branch.Use(LimitAsync));

    private static async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ManagementApiOptions>>().Value.RequestsPerMinute;
        if (limit == 0)
        {
            await next(context);
            return;
        }

        var counter = context.RequestServices.GetRequiredService<RateLimitCounter>();
        var decision = await counter.HitAsync("management-api", limit, TimeSpan.FromMinutes(1), context.RequestAborted);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await ManagementResults.Error(ManagementError.TooManyRequests()).ExecuteAsync(context);
    }
}
