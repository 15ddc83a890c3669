using System.Text.Json.Nodes;
using Authgate.Clients;
using Authgate.Hosting;
using Authgate.Logs;
using Authgate.Mfa;
using Authgate.OAuth;
using Authgate.Protection;
using Microsoft.Extensions.Options;

namespace Authgate.Endpoints;

/// <summary>
/// The MFA API (AUTH0-CONTRACT.md §4): <c>GET /mfa/authenticators</c>, <c>POST /mfa/associate</c> and
/// <c>DELETE /mfa/authenticators/{id}</c> with a Bearer <c>mfa_token</c> or MFA API access token, and
/// <c>POST /mfa/challenge</c> with client authentication and the <c>mfa_token</c> in the body. Bodies are form or
/// JSON, read like the token endpoint's; every answer is JSON with <c>no-store</c>; errors are OAuth-shaped.
/// </summary>
internal static class MfaEndpoints
{
    public static IEndpointRouteBuilder MapMfaEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/mfa/authenticators", ListAsync);
        routes.MapPost("/mfa/associate", AssociateAsync).DisableAntiforgery();
        routes.MapPost("/mfa/challenge", ChallengeAsync).DisableAntiforgery();
        routes.MapDelete("/mfa/authenticators/{id}", DeleteAsync);
        return routes;
    }

    private static async Task ListAsync(HttpContext context, MfaCallers callers, Authenticators authenticators, RateLimitCounter rateLimits, IOptions<ProtectionOptions> protection)
    {
        var response = context.Response;
        ProtocolResults.NoStore(response);
        var (caller, error) = await BeginAsync(context, callers, rateLimits, protection.Value);
        if (caller is null)
        {
            await ProtocolResults.WriteErrorAsync(response, error!, context.RequestAborted);
            return;
        }

        if (!caller.Has("read:authenticators"))
        {
            await ProtocolResults.WriteErrorAsync(response, OAuthErrors.MfaScopeMissing("read:authenticators"), context.RequestAborted);
            return;
        }

        var list = await authenticators.ListAsync(caller.User.UserId, context.RequestAborted);
        await WriteAsync(response, new JsonArray(list.Select(a => (JsonNode)Authenticators.View(a)).ToArray()), context.RequestAborted);
    }

    private static async Task AssociateAsync(
        HttpContext context, MfaCallers callers, Enrollment enrollment, RateLimitCounter rateLimits, IOptions<ProtectionOptions> protection, IOptions<AuthgateOptions> options)
    {
        var response = context.Response;
        ProtocolResults.NoStore(response);
        var (caller, error) = await BeginAsync(context, callers, rateLimits, protection.Value);
        if (caller is null)
        {
            await ProtocolResults.WriteErrorAsync(response, error!, context.RequestAborted);
            return;
        }

        var read = await ProtocolRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (read.Request is not { } request)
        {
            await ProtocolResults.WriteErrorAsync(response, read.Error!, context.RequestAborted);
            return;
        }

        var origin = new MfaEvents.Origin(caller.ClientId, null, request.RemoteIp, request.UserAgent, request.Hostname);
        var (body, refused) = await enrollment.AssociateAsync(caller, request, origin, context.RequestAborted);
        await (body is null ? ProtocolResults.WriteErrorAsync(response, refused!, context.RequestAborted) : WriteAsync(response, body, context.RequestAborted));
    }

    private static async Task ChallengeAsync(
        HttpContext context, ClientAuthenticator clients, MfaTransactions transactions, Challenges challenges, RateLimitCounter rateLimits,
        Storage.RequestStorage storage, IOptions<ProtectionOptions> protection, IOptions<AuthgateOptions> options)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        ProtocolResults.NoStore(response);
        if (await LimitAsync(context, rateLimits, protection.Value) is { } limited)
        {
            await ProtocolResults.WriteErrorAsync(response, limited, cancellationToken);
            return;
        }

        var read = await ProtocolRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Request is not { } request)
        {
            await ProtocolResults.WriteErrorAsync(response, read.Error!, cancellationToken);
            return;
        }

        var authentication = await clients.AuthenticateAsync(request, cancellationToken);
        if (authentication.Client is not { } client)
        {
            await ProtocolResults.WriteErrorAsync(response, authentication.Error!, cancellationToken);
            return;
        }

        if (request[OAuthParameters.MfaToken] is not { } token)
        {
            await ProtocolResults.WriteErrorAsync(response, OAuthErrors.MissingParameter(OAuthParameters.MfaToken), cancellationToken);
            return;
        }

        var (found, problem) = await transactions.FindAsync(token, client.ClientId, cancellationToken);
        var user = found is null ? null : await Storage.HotQueries.UserById(storage, found.Transaction.UserId);
        if (found is null || user is null)
        {
            await ProtocolResults.WriteErrorAsync(response, problem == MfaTransactions.Problem.Expired ? OAuthErrors.ExpiredMfaToken() : OAuthErrors.MalformedMfaToken(), cancellationToken);
            return;
        }

        var origin = new MfaEvents.Origin(client.ClientId, client.Name, request.RemoteIp, request.UserAgent, request.Hostname);
        var (body, refused) = await challenges.ChallengeAsync(found, user, client, request[OAuthParameters.ChallengeType], request[OAuthParameters.AuthenticatorId], origin, cancellationToken);
        await (body is null ? ProtocolResults.WriteErrorAsync(response, refused!, cancellationToken) : WriteAsync(response, body, cancellationToken));
    }

    private static async Task DeleteAsync(string id, HttpContext context, MfaCallers callers, Authenticators authenticators, MfaEvents events, RateLimitCounter rateLimits, IOptions<ProtectionOptions> protection)
    {
        var response = context.Response;
        ProtocolResults.NoStore(response);
        var (caller, error) = await BeginAsync(context, callers, rateLimits, protection.Value);
        if (caller is null)
        {
            await ProtocolResults.WriteErrorAsync(response, error!, context.RequestAborted);
            return;
        }

        // An mfa_token proves only a password: removing a factor needs the MFA API token a completed challenge gives.
        if (caller.Transaction is not null || !caller.Scopes.Contains("remove:authenticators"))
        {
            await ProtocolResults.WriteErrorAsync(response, OAuthErrors.MfaScopeMissing("remove:authenticators"), context.RequestAborted);
            return;
        }

        if (AuthenticatorKinds.ParseWireId(id) is not { } parsed
            || await authenticators.FindAsync(parsed.Id, context.RequestAborted) is not { } authenticator
            || authenticator.Kind != parsed.Kind
            || !await authenticators.DeleteAsync(caller.User.UserId, parsed.Id, context.RequestAborted))
        {
            await ProtocolResults.WriteErrorAsync(response, OAuthErrors.AuthenticatorNotFound(), context.RequestAborted);
            return;
        }

        events.Add(LogEventTypes.GuardianUnenroll, "Authenticator removed", caller.User,
            new MfaEvents.Origin(caller.ClientId, null, context.Connection.RemoteIpAddress?.ToString(), null, context.Request.Host.Host), id);
        response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The per-IP limit of the token endpoint, then the Bearer caller.</summary>
    private static async Task<(MfaCaller? Caller, OAuthError? Error)> BeginAsync(HttpContext context, MfaCallers callers, RateLimitCounter rateLimits, ProtectionOptions protection)
    {
        if (await LimitAsync(context, rateLimits, protection) is { } limited)
        {
            return (null, limited);
        }

        var header = context.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        return await callers.ResolveAsync(bearer, context.RequestAborted);
    }

    private static async Task<OAuthError?> LimitAsync(HttpContext context, RateLimitCounter rateLimits, ProtectionOptions protection)
    {
        if (protection.TokenRequestsPerIpPerMinute <= 0)
        {
            return null;
        }

        var decision = await rateLimits.HitAsync($"mfa-ip|{context.Connection.RemoteIpAddress}", protection.TokenRequestsPerIpPerMinute, TimeSpan.FromMinutes(1), context.RequestAborted);
        return decision.Allowed ? null : OAuthErrors.TooManyRequests("Too many requests from this IP. Please retry later.", decision);
    }

    private static Task WriteAsync(HttpResponse response, JsonNode body, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(body.ToJsonString(), cancellationToken);
    }
}
