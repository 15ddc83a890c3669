using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Authgate.Tests.Infrastructure.PrometheusText;

namespace Authgate.Tests.Observability;

/// <summary>Prometheus exposition (off by default, optionally on its own port) and the spans of a token request.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_are_not_exposed_by_default()
    {
        using var factory = new AuthgateFactory();
        var http = factory.CreateClient();

        (await http.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Prometheus_shows_requests_by_grant_and_outcome_hashing_writes_and_the_cache()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:Observability:Prometheus"] = "true" });
        var http = factory.CreateClient();
        var login = await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.RotatingClientId, clientSecret: TestTenant.RotatingClientSecret, scope: "offline_access"))).ShouldSucceedAsync();
        await (await http.PostFormAsync(Protocol.RefreshGrant(login.GetProperty("refresh_token").GetString()!, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret))).ShouldSucceedAsync();
        await (await http.PostFormAsync(Protocol.PasswordGrant(password: "wrong"))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");

        // The test clock stands still: two client-credentials tokens are the same signing input, signed once.
        await new Infrastructure.Management(factory.CreateClient()).PostAsync("client-grants", new { client_id = TestTenant.MachineClientId, audience = TestTenant.Api, scope = new[] { "read:sample" } });
        var machine = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = TestTenant.MachineClientId, ["client_secret"] = TestTenant.MachineClientSecret, ["audience"] = TestTenant.Api };
        var first = (await (await http.PostFormAsync(machine)).ShouldSucceedAsync()).GetProperty("access_token").GetString()!;
        var second = (await (await http.PostFormAsync(machine)).ShouldSucceedAsync()).GetProperty("access_token").GetString()!;
        second.Should().Be(first);
        (await Protocol.ValidateWithJwksAsync(http, second, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();

        var text = await http.GetStringAsync("/metrics");

        // OpenTelemetry listens to every meter named "Authgate" in the process: servers of tests running alongside
        // add their own counts, hence "at least".

        Sample(text, "authgate_token_request_duration_seconds_count", "grant_type=\"password\"", "outcome=\"success\"").Should().BeGreaterThanOrEqualTo(1);
        Sample(text, "authgate_token_request_duration_seconds_count", "grant_type=\"password\"", "outcome=\"invalid_grant\"").Should().BeGreaterThanOrEqualTo(1);
        Sample(text, "authgate_token_request_duration_seconds_count", "grant_type=\"refresh_token\"", "outcome=\"success\"").Should().BeGreaterThanOrEqualTo(1);
        Sample(text, "authgate_hashing_wait_seconds_count").Should().BeGreaterThanOrEqualTo(2);
        Sample(text, "authgate_hashing_duration_seconds_count", "library=").Should().BeGreaterThanOrEqualTo(2);
        text.Should().Contain("authgate_hashing_queue_length");
        text.Should().Contain("authgate_db_write_queue_length");
        Sample(text, "authgate_db_write_wait_seconds_count", "kind=\"rotation\"").Should().BeGreaterThanOrEqualTo(1);
        Sample(text, "authgate_db_write_batch_size_count").Should().BeGreaterThanOrEqualTo(2);
        Sample(text, "authgate_config_cache_lookups_total", "kind=\"client\"", "result=\"hit\"").Should().BeGreaterThanOrEqualTo(1);
        Sample(text, "authgate_token_signing_duration_seconds_count", "alg=\"RS256\"").Should().BeGreaterThanOrEqualTo(2);
        text.Should().Contain("authgate_logs_queue_depth");
        Sample(text, "authgate_token_signatures_reused_total").Should().BeGreaterThanOrEqualTo(1);
        if (!TestDatabase.IsPostgres)
        {
            Sample(text, "authgate_db_sqlite_memory").Should().BeGreaterThan(0);
        }
    }

    [Fact]
    public async Task An_instrument_holds_at_most_its_cardinality_limit_and_sums_the_rest_as_overflow()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:Observability:Prometheus"] = "true" });
        var http = factory.CreateClient();
        // An instrument of the server's own meter, named for this test: other servers of the run share the meter.
        var name = "authgate.test.cardinality_" + Guid.NewGuid().ToString("N")[..8];
        var counter = factory.Services.GetRequiredService<Authgate.Observability.AuthgateMetrics>().Meter.CreateCounter<long>(name);
        const int tagValues = Authgate.Observability.CardinalityLimits.Default + 44;
        for (var i = 0; i < tagValues; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("value", i));
        }

        var lines = (await http.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith(name.Replace('.', '_') + "_total{", StringComparison.Ordinal)).ToList();
        var kept = lines.Count(l => !l.Contains("otel_metric_overflow", StringComparison.Ordinal));
        kept.Should().BeInRange(Authgate.Observability.CardinalityLimits.Default - 2, Authgate.Observability.CardinalityLimits.Default);
        Sample(string.Join('\n', lines), name.Replace('.', '_') + "_total", "otel_metric_overflow=\"true\"").Should().Be(tagValues - kept);
    }

    [Fact]
    public void Only_the_request_histogram_of_every_route_keeps_the_default_limit()
    {
        using var hosting = new System.Diagnostics.Metrics.Meter("Microsoft.AspNetCore.Hosting");
        using var ours = new System.Diagnostics.Metrics.Meter(Authgate.Observability.AuthgateMetrics.MeterName);

        Authgate.Observability.CardinalityLimits.For(hosting.CreateHistogram<double>("http.server.request.duration")).Should().BeNull();
        Authgate.Observability.CardinalityLimits.For(hosting.CreateUpDownCounter<long>("http.server.active_requests"))!.CardinalityLimit.Should().Be(Authgate.Observability.CardinalityLimits.Default);
        Authgate.Observability.CardinalityLimits.For(ours.CreateHistogram<double>("authgate.token.request.duration"))!.CardinalityLimit.Should().Be(Authgate.Observability.CardinalityLimits.Default);
    }

    [Fact]
    public async Task On_its_own_port_metrics_are_served_there_only()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-metrics", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var seed = Path.Combine(directory, "tenant.json");
        await File.WriteAllTextAsync(seed, JsonSerializer.Serialize(TestTenant.Create(), TenantFile.JsonOptions));
        var (main, metrics) = (FreePort(), FreePort());
        await using var server = ServerProcess.Start(directory, [.. TestDatabase.Settings(directory).Select(s => $"--{s.Key}={s.Value}"),
            "--seed", seed, "--Authgate:Observability:Prometheus=true", $"--Authgate:Observability:MetricsPort={metrics}",
            "--Authgate:PasswordHashing:MemoryKiB=256", "--Authgate:PasswordHashing:Iterations=1", "--urls", $"http://127.0.0.1:{main}"]);
        await server.WaitUntilListeningAsync();
        using var http = new HttpClient();

        (await http.GetAsync($"http://127.0.0.1:{main}/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics")).Should().Contain("# TYPE");
        (await http.GetAsync($"http://127.0.0.1:{metrics}/.well-known/jwks.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetAsync($"http://127.0.0.1:{main}/.well-known/jwks.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_request_is_one_trace_from_the_request_to_the_hash_the_write_and_the_signature()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Authgate" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    lock (spans)
                    {
                        spans.Add(activity.OperationName);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var factory = new AuthgateFactory();
        var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(Protocol.PasswordGrant(clientId: TestTenant.RotatingClientId, clientSecret: TestTenant.RotatingClientSecret, scope: "offline_access")),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        await (await http.SendAsync(request)).ShouldSucceedAsync();

        lock (spans)
        {
            spans.Should().Contain(["client authentication", "grant", "password hash", "sign", "group commit wait"]);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
