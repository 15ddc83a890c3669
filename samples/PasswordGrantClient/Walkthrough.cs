using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PasswordGrantClient;

/// <summary>What the walkthrough needs: the tenant's domain (issuer URL), the app's and user's credentials, the API.</summary>
public sealed record WalkthroughSettings(
    Uri Domain,
    string ClientId,
    string ClientSecret,
    string Username,
    string Password,
    string Audience,
    string Scope,
    Uri ApiUrl);

/// <summary>The seed's steps with plain HttpClient calls: request tokens with the password grant, then call the API.</summary>
public static class Walkthrough
{
    public sealed record Outcome(string AccessToken, string? RefreshToken, string? Scope, int ApiStatus, string ApiBody);

    public static async Task<Outcome> RunAsync(HttpClient http, WalkthroughSettings settings, TextWriter log, CancellationToken cancellationToken = default)
    {
        log.WriteLine($"1. Request tokens from {settings.Domain}oauth/token as {settings.Username}");
        using var tokenResponse = await http.PostAsync(new Uri(settings.Domain, "oauth/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = settings.Username,
            ["password"] = settings.Password,
            ["audience"] = settings.Audience,
            ["scope"] = settings.Scope,
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
        }), cancellationToken);
        var tokenJson = await tokenResponse.Content.ReadAsStringAsync(cancellationToken);
        if (!tokenResponse.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed ({(int)tokenResponse.StatusCode}): {tokenJson}");
        }

        using var tokens = JsonDocument.Parse(tokenJson);
        var accessToken = tokens.RootElement.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.RootElement.TryGetProperty("refresh_token", out var rt) ? rt.GetString() : null;
        var scope = tokens.RootElement.TryGetProperty("scope", out var s) ? s.GetString() : null;
        log.WriteLine($"   granted scope: {scope}; expires_in: {tokens.RootElement.GetProperty("expires_in").GetInt32()}");
        log.WriteLine($"   access token claims: {Payload(accessToken)}");

        log.WriteLine($"2. Call the API {settings.ApiUrl} with the access token");
        using var request = new HttpRequestMessage(HttpMethod.Get, settings.ApiUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var apiResponse = await http.SendAsync(request, cancellationToken);
        var apiBody = await apiResponse.Content.ReadAsStringAsync(cancellationToken);
        log.WriteLine($"   {(int)apiResponse.StatusCode} {apiBody}");
        return new Outcome(accessToken, refreshToken, scope, (int)apiResponse.StatusCode, apiBody);
    }

    private static string Payload(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "(opaque)";
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(payload));
    }
}
