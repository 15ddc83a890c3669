using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Clients;
using Authgate.Clients;
using Authgate.Endpoints;
using Authgate.Grants;
using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Protection;
using Authgate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard.Pages.TryIt;

/// <summary>
/// The "Try it" panel: a password grant run through the token endpoint's own exchange step (not a copy of it), with
/// the application's stored secret, and the tokens shown decoded.
/// </summary>
internal sealed class IndexModel(AuthDbContext db, ClientService clients, ClientAuthenticator authenticator, GrantDispatcher grants,
    RateLimitCounter rateLimits, IOptions<ProtectionOptions> protection, LogEvents logs) : DashboardPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [BindProperty]
    public string? ClientId { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Audience { get; set; }

    [BindProperty]
    public string Scope { get; set; } = "openid profile email offline_access";

    public IReadOnlyList<(string Id, string Name)> Clients { get; private set; } = [];

    public IReadOnlyList<string> Apis { get; private set; } = [];

    public string? Error { get; private set; }

    public List<(string Name, string Text)> Tokens { get; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    [Audited("Try the password grant")]
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        await LoadAsync();
        if (!(await clients.GetAsync(ClientId ?? "", includeSecret: true, cancellationToken)).TryGet(out var app, out var error))
        {
            return Refused(error);
        }

        var parameters = new Dictionary<string, string>
        {
            [OAuthParameters.GrantType] = GrantTypes.Password,
            [OAuthParameters.ClientId] = ClientId!,
            [OAuthParameters.Username] = Username ?? "",
            [OAuthParameters.Password] = Password ?? "",
            [OAuthParameters.Scope] = Scope,
        };
        if (app.String("token_endpoint_auth_method") != "none" && app.String("client_secret") is { } secret)
        {
            parameters[OAuthParameters.ClientSecret] = secret;
        }

        if (!string.IsNullOrEmpty(Audience))
        {
            parameters[OAuthParameters.Audience] = Audience;
        }

        var request = new TokenRequest
        {
            Parameters = parameters,
            RemoteIp = HttpContext.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Request.Headers.UserAgent.ToString(),
            Hostname = Request.Host.Host,
        };
        var (result, client, endUser) = await OAuthEndpoints.ExchangeAsync(request, authenticator, grants, rateLimits, protection.Value, Response, cancellationToken);
        logs.Add(TokenRequestEvents.Create(logs, request, client, result, endUser, Request.Host.Host));
        if (result.Error is { } refused)
        {
            Error = new JsonObject { ["status"] = refused.Status, ["error"] = refused.Code, ["error_description"] = refused.Description }.ToJsonString(Indented);
            return Page();
        }

        var response = result.Response!;
        Tokens.Add(("access_token", Decode(response.AccessToken)));
        if (response.IdToken is { } idToken)
        {
            Tokens.Add(("id_token", Decode(idToken)));
        }

        Tokens.Add(("response", new JsonObject
        {
            ["token_type"] = response.TokenType,
            ["expires_in"] = response.ExpiresIn,
            ["scope"] = response.Scope,
            ["refresh_token"] = response.RefreshToken is null ? null : "(issued; not shown)",
        }.ToJsonString(Indented)));
        return Page();
    }

    /// <summary>A JWT's header and payload as indented JSON; anything else as it is.</summary>
    private static string Decode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return token;
        }

        static string Part(string segment) =>
            JsonNode.Parse(Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(segment)))!.ToJsonString(Indented);

        return Part(parts[0]) + "\n" + Part(parts[1]);
    }

    private async Task LoadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Clients = (await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.ClientId, c.Name, c.GrantTypes }).ToListAsync(cancellationToken))
            .Where(c => c.GrantTypes.Contains(GrantTypes.Password)).Select(c => (c.ClientId, c.Name)).ToList();
        Apis = await db.ResourceServers.AsNoTracking().OrderBy(r => r.Identifier).Select(r => r.Identifier).ToListAsync(cancellationToken);
    }
}
