using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Protection;

/// <summary>Logins as a trusted backend sends them: the end user's IP in <c>auth0-forwarded-for</c>.</summary>
internal static class ProtectionClient
{
    public static Task<HttpResponseMessage> LoginFromAsync(this HttpClient http, string? ip, string username = TestTenant.JaneEmail, string password = TestTenant.JanePassword,
        string clientId = TestTenant.BackendClientId, string? secret = TestTenant.BackendClientSecret, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(Protocol.PasswordGrant(username: username, password: password, clientId: clientId, clientSecret: secret)),
        };
        if (ip is not null)
        {
            request.Headers.TryAddWithoutValidation("auth0-forwarded-for", ip);
        }

        return http.SendAsync(request, cancellationToken);
    }
}
