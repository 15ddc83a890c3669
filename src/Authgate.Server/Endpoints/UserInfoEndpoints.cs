using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Endpoints;

/// <summary><c>GET|POST /userinfo</c>: the user's claims allowed by the access token's scopes.</summary>
internal static class UserInfoEndpoints
{
    public static IEndpointRouteBuilder MapUserInfoEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/userinfo", ["GET", "POST"], UserInfoAsync).DisableAntiforgery();
        return routes;
    }

    private static async Task UserInfoAsync(HttpContext context, UserInfoTokenValidator validator, RequestStorage storage)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-store";
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            await UnauthorizedAsync(context, error: null, cancellationToken);
            return;
        }

        var token = header["Bearer ".Length..].Trim();
        var validation = token.Length > 16 * 1024
            ? new UserInfoTokenValidator.Result(null, [], "Invalid token")
            : await validator.ValidateAsync(token, cancellationToken);
        if (validation.Subject is not { } subject)
        {
            await UnauthorizedAsync(context, validation.Error, cancellationToken);
            return;
        }

        var user = await HotQueries.UserById(storage, subject);
        if (user is null || user.Blocked)
        {
            await UnauthorizedAsync(context, "Invalid token", cancellationToken);
            return;
        }

        var claims = new Dictionary<string, object> { ["sub"] = user.UserId };
        UserClaims.Add(claims, user, validation.Scopes);
        await ProtocolResults.WriteJsonAsync(context.Response, claims, ProtocolJson.Wire.DictionaryStringObject, cancellationToken);
    }

    /// <summary>Auth0's answer: 401, plain text <c>Unauthorized</c>, and the reason in <c>WWW-Authenticate</c>.</summary>
    private static Task UnauthorizedAsync(HttpContext context, string? error, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = error is null
            ? "Bearer realm=\"Users\""
            : $"Bearer realm=\"Users\", error=\"invalid_token\", error_description=\"{error}\"";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Unauthorized", cancellationToken);
    }
}
