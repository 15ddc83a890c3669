using System.Net;
using System.Net.Http.Headers;
using Authgate.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PasswordGrantClient;

namespace Authgate.Tests.Endpoints;

/// <summary>
/// The seed's "Call API" step end to end: Authgate on a real Kestrel socket, the sample API finding its keys
/// through Authgate's discovery document, and the sample client walking the steps.
/// </summary>
public sealed class SampleApiTests : IAsyncLifetime
{
    private readonly AuthgateFactory authgate = new(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:Issuer"] = "" });
    private WebApplicationFactory<SampleApi.Program> api = null!;
    private HttpClient authgateHttp = null!;
    private HttpClient apiHttp = null!;
    private string authority = null!;

    public Task InitializeAsync()
    {
        authgate.ListenOnLoopback();
        authgate.StartServer();
        authority = authgate.ServerAddress.ToString();
        authgateHttp = new HttpClient { BaseAddress = new Uri(authority) };
        api = new WebApplicationFactory<SampleApi.Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Auth:Authority", authority);
            builder.UseSetting("Auth:Audience", TestTenant.Api);
        });
        apiHttp = api.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        authgateHttp.Dispose();
        apiHttp.Dispose();
        await api.DisposeAsync();
        await authgate.DisposeAsync();
    }

    private async Task<string> TokenAsync(string scope, string audience = TestTenant.Api) =>
        (await (await authgateHttp.PostFormAsync(Protocol.PasswordGrant(scope: scope, audience: audience))).ShouldSucceedAsync())
            .GetProperty("access_token").GetString()!;

    private Task<HttpResponseMessage> CallAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return apiHttp.SendAsync(request);
    }

    [Fact]
    public async Task Issuer_is_derived_from_the_url_the_server_listens_on()
    {
        var token = Protocol.Decode(await TokenAsync("read:sample"));

        token.Issuer.Should().Be(authority);
        authority.Should().StartWith("http://127.0.0.1:");
    }

    [Fact]
    public async Task Sample_api_accepts_a_token_with_the_scope()
    {
        var response = await CallAsync("/api/private-scoped", await TokenAsync("openid read:sample"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Sample_api_refuses_a_request_without_a_token()
    {
        (await CallAsync("/api/private", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sample_api_refuses_a_token_for_another_audience()
    {
        (await CallAsync("/api/private", await TokenAsync("read:hs", TestTenant.HsApi))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sample_api_forbids_a_token_without_the_needed_scope()
    {
        var token = await TokenAsync("write:sample");

        (await CallAsync("/api/private", token)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await CallAsync("/api/private-scoped", token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Sample_client_walks_the_seed_steps()
    {
        var settings = new WalkthroughSettings(new Uri(authority), TestTenant.WebClientId, TestTenant.WebClientSecret,
            TestTenant.JaneEmail, TestTenant.JanePassword, TestTenant.Api, "openid read:sample", new Uri(api.Server.BaseAddress, "/api/private-scoped"));
        using var http = new HttpClient(new RoutingHandler(authority, api.Server.CreateHandler()));
        var log = new StringWriter();

        var outcome = await Walkthrough.RunAsync(http, settings, log);

        outcome.ApiStatus.Should().Be(200, log.ToString());
        outcome.Scope.Should().Contain("read:sample");
    }

    /// <summary>Sends requests for Authgate over the socket and the rest to the in-memory sample API.</summary>
    private sealed class RoutingHandler(string authority, HttpMessageHandler apiHandler) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly HttpMessageInvoker apiInvoker = new(apiHandler);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.ToString().StartsWith(authority, StringComparison.Ordinal)
                ? base.SendAsync(request, cancellationToken)
                : apiInvoker.SendAsync(request, cancellationToken);
    }
}
