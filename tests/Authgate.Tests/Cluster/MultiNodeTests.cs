using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using Authgate.Tests.Protection;

namespace Authgate.Tests.Cluster;

public sealed class TwoNodes : IAsyncLifetime
{
    public Nodes Nodes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestDatabase.IsPostgres)
        {
            Nodes = await Nodes.StartAsync(2);
        }
    }

    public async Task DisposeAsync()
    {
        if (Nodes is not null)
        {
            await Nodes.DisposeAsync();
        }
    }
}

/// <summary>Two server processes on one PostgreSQL database: every security decision holds across them.</summary>
public sealed class MultiNodeTests(TwoNodes cluster) : IClassFixture<TwoNodes>
{
    private HttpClient A => cluster.Nodes.Client(0);

    private HttpClient B => cluster.Nodes.Client(1);

    [PostgresFact]
    public async Task Tokens_from_one_node_validate_against_the_other_nodes_jwks()
    {
        var json = await (await A.PostFormAsync(Protocol.PasswordGrant(scope: "openid read:sample"))).ShouldSucceedAsync();

        var validation = await Protocol.ValidateWithJwksAsync(B, json.GetProperty("access_token").GetString()!, TestTenant.Api, DateTimeOffset.UtcNow);

        validation.IsValid.Should().BeTrue(validation.Exception?.Message);
        (await (await B.UserInfoAsync(json.GetProperty("access_token").GetString()!)).ShouldSucceedAsync()).GetProperty("email").GetString().Should().Be(TestTenant.JaneEmail);
    }

    [PostgresFact]
    public async Task Refresh_rotation_alternates_between_nodes_and_races_on_both()
    {
        var token = (await (await A.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access")))
            .ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;
        for (var i = 0; i < 6; i++)
        {
            var node = i % 2 == 0 ? B : A;
            token = (await (await node.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync())
                .GetProperty("refresh_token").GetString()!;
        }

        var racers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? A : B).PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))));
        var bodies = await Task.WhenAll(racers.Select(r => r.Content.ReadAsStringAsync()));
        racers.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK, string.Join('\n', bodies));
        var successors = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("refresh_token").GetString()).Distinct().ToList();
        successors.Should().ContainSingle();

        await (await B.PostFormAsync(Protocol.RefreshGrant(successors[0]!, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync();
    }

    [PostgresFact]
    public async Task Brute_force_counts_add_up_across_nodes()
    {
        for (var i = 0; i < 10; i++)
        {
            await ((i % 2 == 0 ? A : B).LoginFromAsync("198.51.100.200", password: "wrong")).Result.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        }

        await (await A.LoginFromAsync("198.51.100.200")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        await (await B.LoginFromAsync("198.51.100.200")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? A : B).LoginFromAsync("198.51.100.201", password: "wrong")));
        concurrent.Count(r => r.StatusCode == HttpStatusCode.Forbidden).Should().BeLessThanOrEqualTo(10, "no more than max_attempts checks across both nodes");
    }

    [PostgresFact]
    public async Task Changes_through_one_node_apply_on_the_other()
    {
        var management = new Infrastructure.Management(A);
        var created = await management.PostAsync("clients", new { name = "Cross-node", app_type = "regular_web", callbacks = new[] { "https://x.test/cb" }, grant_types = new[] { "password" } });
        var clientId = created["client_id"]!.GetValue<string>();
        var secret = created["client_secret"]!.GetValue<string>();
        var connection = (await management.GetAsync($"connections?name={TestTenant.Connection}")).AsArray().Single()!["id"]!.GetValue<string>();
        await management.OkAsync(HttpMethod.Patch, $"connections/{connection}/clients", new[] { new { client_id = clientId, status = true } }, HttpStatusCode.NoContent);
        await (await B.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret))).ShouldSucceedAsync();

        await management.OkAsync(HttpMethod.Patch, $"connections/{connection}/clients", new[] { new { client_id = clientId, status = false } }, HttpStatusCode.NoContent);
        await (await B.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "the connection was disabled");

        var before = Protocol.Decode((await (await B.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync()).GetProperty("access_token").GetString()!).Kid;
        var rotated = (await management.OkAsync(HttpMethod.Post, "keys/signing/rotate", null, HttpStatusCode.Created))["kid"]!.GetValue<string>();
        rotated.Should().NotBe(before);
        var clock = Stopwatch.StartNew();
        string kid;
        do
        {
            kid = Protocol.Decode((await (await B.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync()).GetProperty("access_token").GetString()!).Kid;
        }
        while (kid != rotated && clock.Elapsed < TimeSpan.FromSeconds(10));

        kid.Should().Be(rotated, "node B picks up the rotation within its refresh interval (1 s here, 5 s by default)");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [PostgresFact]
    public async Task Log_events_from_both_nodes_are_all_there()
    {
        var marker = "logcount" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? A : B).PostFormAsync(Protocol.PasswordGrant(username: marker, password: "x" + i))));

        var management = new Infrastructure.Management(B);
        var clock = Stopwatch.StartNew();
        int count;
        do
        {
            var logs = (await management.GetAsync("logs?per_page=100&q=type:fu")).AsArray();
            count = logs.Count(l => l!["user_name"]?.GetValue<string>() == marker);
            await Task.Delay(100);
        }
        while (count < 10 && clock.Elapsed < TimeSpan.FromSeconds(10));

        count.Should().Be(10);
    }

    [PostgresFact]
    public async Task A_dashboard_form_rendered_by_one_node_is_accepted_by_the_other()
    {
        // Each node builds the dashboard's own services (and Data Protection's key ring, kept in the database) when it
        // first serves the dashboard; two fresh nodes doing so at the same moment still check each other's forms.
        await using var nodes = await Nodes.StartAsync(2);
        using var a = Client(nodes.Processes[0].BaseUrl);
        using var b = Client(nodes.Processes[1].BaseUrl);
        var forms = await Task.WhenAll(a.GetAsync("/admin/sign-in"), b.GetAsync("/admin/sign-in"));
        foreach (var (form, other, direction) in new[] { (forms[0], b, "A's form on B"), (forms[1], a, "B's form on A") })
        {
            form.StatusCode.Should().Be(HttpStatusCode.OK);
            var cookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            var token = Authgate.Tests.Dashboard.DashboardClient.Token(await form.Content.ReadAsStringAsync())!;
            token.Should().NotBeNullOrEmpty();

            using var accepted = await other.SendAsync(SignIn(cookie, token));
            accepted.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{direction}: the token is valid; the answer is the page's own refusal of the password");
            (await accepted.Content.ReadAsStringAsync()).Should().Contain("Wrong email or password.");

            using var tampered = await other.SendAsync(SignIn(cookie, token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")));
            tampered.StatusCode.Should().Be(HttpStatusCode.BadRequest, direction);
            form.Dispose();
        }

        static HttpClient Client(string url) => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };

        static HttpRequestMessage SignIn(string cookie, string token) => new(HttpMethod.Post, "/admin/sign-in")
        {
            Headers = { { "Cookie", cookie } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.test",
                ["Password"] = "not the password",
                ["__RequestVerificationToken"] = token,
            }),
        };
    }
}
