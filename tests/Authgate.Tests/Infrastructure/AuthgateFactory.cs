using System.Text.Json;
using Authgate.Tenants;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// The real server in memory, on a real SQLite file in its own temporary directory, seeded through the tenant-file
/// path. Only the clock is replaced.
/// </summary>
public class AuthgateFactory : WebApplicationFactory<Program>
{
    public const string Issuer = "https://authgate.test/";
    public const string ManagementClientId = "managementClientId00000000000001";
    public const string ManagementClientSecret = "management-client-secret-0123456789-abcdefghijkl";

    /// <summary>The test suite's Argon2id memory cost (KiB); production defaults to 19 MiB.</summary>
    public const string CheapHashMemoryKiB = "256";

    private readonly Dictionary<string, string?> settings;

    public AuthgateFactory() : this(TestTenant.Create())
    {
    }

    // Internal so xunit sees one public constructor when the factory is a class fixture.
    internal AuthgateFactory(TenantFile? tenant, IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "authgate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        this.settings = new Dictionary<string, string?>
        {
            ["Authgate:Issuer"] = Issuer,
            ["Authgate:DataDirectory"] = DataDirectory,
            ["Authgate:Demo"] = "false",
            ["Authgate:Bootstrap:ClientId"] = ManagementClientId,
            ["Authgate:Bootstrap:ClientSecret"] = ManagementClientSecret,
            // A cheap KDF: the suite starts dozens of hosts and logs in thousands of times. The production cost is
            // exercised by the tests that pass their own PasswordHashing settings.
            ["Authgate:PasswordHashing:MemoryKiB"] = CheapHashMemoryKiB,
            ["Authgate:PasswordHashing:Iterations"] = "1",
        };
        foreach (var (key, value) in TestDatabase.Settings(DataDirectory, migrated: true))
        {
            this.settings[key] = value;
        }

        if (tenant is not null)
        {
            var seed = Path.Combine(DataDirectory, "tenant.json");
            File.WriteAllText(seed, JsonSerializer.Serialize(tenant, TenantFile.JsonOptions));
            this.settings["Authgate:SeedFile"] = seed;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "authgate.db");

    public TestClock Clock { get; } = new();

    /// <summary>Runs <paramref name="action"/> on the server's own database, as an operator's tool would.</summary>
    internal async Task<T> WithDbAsync<T>(Func<Authgate.Storage.AuthDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<Authgate.Storage.AuthDbContext>());
    }

    /// <summary>Waits until every tenant log event recorded so far is stored (a signal, not a poll).</summary>
    public Task FlushLogsAsync() => Services.GetRequiredService<Authgate.Logs.LogEvents>().FlushAsync(TimeSpan.FromSeconds(30));

    /// <summary>
    /// Serves on a real Kestrel socket at 127.0.0.1 (port 0: a free one). The address is a setting the host reads as it
    /// starts: WebApplicationFactory's own UseKestrel(port) rewrites the addresses from the test's thread after Build,
    /// which races the entry point's RunAsync and sometimes finds the server already started.
    /// </summary>
    public void ListenOnLoopback(int port = 0)
    {
        settings[WebHostDefaults.ServerUrlsKey] = $"http://127.0.0.1:{port}";
        UseKestrel();
    }

    /// <summary>The address Kestrel bound (the real port when <see cref="ListenOnLoopback"/> asked for port 0).</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        Management.RegisterLogFlush(client, FlushLogsAsync);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Authgate.Tokens.RsaKeySource>(new PooledRsaKeySource());
            services.AddSingleton<ILoggerProvider, ServerErrors>();
        });
    }
}
