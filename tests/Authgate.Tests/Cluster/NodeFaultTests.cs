using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Cluster;

/// <summary>Faults of a multi-node deployment: a node killed mid-load, the database restarted under load.</summary>
public sealed class NodeFaultTests
{
    private static async Task<string> LoginAsync(HttpClient http) =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access")))
            .ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;

    [PostgresFact]
    public async Task Refresh_tokens_returned_by_a_node_killed_under_load_work_on_the_survivor()
    {
        await using var nodes = await Nodes.StartAsync(2);
        using var a = nodes.Client(0);
        using var b = nodes.Client(1);
        var last = new string[8];
        for (var i = 0; i < last.Length; i++)
        {
            last[i] = await LoginAsync(i % 2 == 0 ? a : b);
        }

        using var stop = new CancellationTokenSource();
        var chains = Enumerable.Range(0, last.Length).Select(i => Task.Run(async () =>
        {
            var http = i % 2 == 0 ? a : b;
            var exchanges = 0;
            while (!stop.IsCancellationRequested)
            {
                HttpResponseMessage response;
                try
                {
                    response = await http.PostFormAsync(Protocol.RefreshGrant(last[i], TestTenant.LeewayClientId, TestTenant.LeewayClientSecret));
                }
                catch (HttpRequestException)
                {
                    break; // this chain's node is gone
                }

                var body = await response.Content.ReadAsStringAsync();
                response.StatusCode.Should().Be(HttpStatusCode.OK, body);
                last[i] = JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
                exchanges++;
            }

            return exchanges;
        })).ToList();

        await Task.Delay(1500);
        await nodes.Processes[0].KillAsync();
        await Task.Delay(300);
        stop.Cancel();
        (await Task.WhenAll(chains)).Should().OnlyContain(n => n > 0);

        foreach (var token in last)
        {
            await (await b.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync();
        }
    }

    [PostgresFact]
    public async Task While_the_database_restarts_nodes_answer_503_and_recover_by_themselves()
    {
        using var cluster = new PostgresCluster();
        await using var nodes = await Nodes.StartAsync(1, cluster);
        using var http = nodes.Client(0);
        var token = await LoginAsync(http);
        token = (await (await http.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;

        cluster.Stop();
        var down = await http.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret));
        await down.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        // Long enough for the background work (key refresh every second, the log writer) to meet the outage too:
        // none of it may take the node down.
        await Task.Delay(TimeSpan.FromSeconds(4));
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await http.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret)))
            .ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");

        cluster.Start();
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        do
        {
            response = await http.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            ((int)response.StatusCode).Should().Be(503, await response.Content.ReadAsStringAsync());
            await Task.Delay(200);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(30));

        await response.ShouldSucceedAsync();
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
