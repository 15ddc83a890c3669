using System.Text;
using System.Text.Json;
using Authgate.Clients;
using Authgate.Endpoints;
using Authgate.Grants;
using Authgate.Hosting;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Authgate.Tokens;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Job = BenchmarkDotNet.Jobs.Job;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Bench;

/// <summary>The hot pieces of a token request, in process, with allocations per call.</summary>
public static class MicroBenchmarks
{
    public static void Run(Report report, bool quick)
    {
        var job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<TokenPathBenchmarks>(config);
        foreach (var run in summary.Reports)
        {
            report.Micro.Add(new Report.MicroResult(
                run.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                (run.ResultStatistics?.Mean ?? 0) / 1000,
                run.GcStats.GetBytesAllocatedPerOperation(run.BenchmarkCase) ?? 0));
        }
    }
}

[MemoryDiagnoser]
public class TokenPathBenchmarks
{
    private WebApplication app = null!;
    private AsyncServiceScope scope;
    private byte[] form = null!;
    private TokenRequest request = null!;
    private ResourceServer api = null!;
    private Client client = null!;
    private User user = null!;
    private string refreshToken = null!;
    private string directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "authgate-micro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var seed = Path.Combine(directory, "tenant.json");
        File.WriteAllText(seed, JsonSerializer.Serialize(BenchTenant.Create(1), TenantFile.JsonOptions));
        var builder = WebApplication.CreateBuilder([$"--Authgate:DataDirectory={directory}", $"--Authgate:SeedFile={seed}", "--Authgate:Demo=false", "--Authgate:Issuer=http://bench.local/"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAuthgate();
        app = builder.Build();
        if (!Startup.InitializeAsync(app).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("Start-up failed.");
        }

        scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        api = db.ResourceServers.First();
        client = db.Clients.First(c => c.ClientId == BenchTenant.WebClientId);
        user = db.Users.First();
        form = Encoding.UTF8.GetBytes($"grant_type=password&username={Uri.EscapeDataString(BenchTenant.User(0))}&password={Uri.EscapeDataString(BenchTenant.Password)}&audience={Uri.EscapeDataString(BenchTenant.Api)}&scope=openid%20read%3Abench&client_id={BenchTenant.WebClientId}&client_secret={BenchTenant.WebClientSecret}");
        request = ParseAsync().GetAwaiter().GetResult();
        refreshToken = scope.ServiceProvider.GetRequiredService<RefreshTokenStore>()
            .IssueAsync(client, user, api.Identifier, ["openid", "offline_access", "read:bench"], Tokens.RefreshTokenLimits.None, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Description = "request parsing (form body)")]
    public async Task<object> ParseForm() => await ParseAsync();

    private async Task<TokenRequest> ParseAsync()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(form, writable: false);
        return (await ProtocolRequestReader.ReadAsync(context, 65536, CancellationToken.None)).Request!;
    }

    [Benchmark(Description = "client lookup and secret check")]
    public async Task<object?> ClientLookup() =>
        (await scope.ServiceProvider.GetRequiredService<ClientAuthenticator>().AuthenticateAsync(request, CancellationToken.None)).Client;

    [Benchmark(Description = "scope computation")]
    public IReadOnlyList<string> Scopes() => ScopePolicy.ForPassword("openid offline_access read:bench", api, offlineAccessAllowed: true);

    [Benchmark(Description = "token creation (RS256 access + ID token)")]
    public object CreateTokens() =>
        scope.ServiceProvider.GetRequiredService<TokenIssuer>().Issue(new TokenContents(client, user, user.UserId, api, ["openid", "profile", "email", "read:bench"], "password"));

    [Benchmark(Description = "refresh-token exchange (find, rotate, store)")]
    public async Task<string?> RefreshExchange()
    {
        var store = scope.ServiceProvider.GetRequiredService<RefreshTokenStore>();
        var (token, _) = await store.FindUsableAsync(client, refreshToken, CancellationToken.None) ?? throw new InvalidOperationException("chain broken");
        var exchange = await store.AdvanceAsync(client, token, refreshToken, Tokens.RefreshTokenLimits.None, CancellationToken.None);
        refreshToken = exchange.NewValue!;
        return refreshToken;
    }
}
