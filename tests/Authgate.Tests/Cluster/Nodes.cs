using System.Security.Cryptography;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Cluster;

/// <summary>Authgate server processes sharing one PostgreSQL database, as several nodes behind a load balancer.</summary>
public sealed class Nodes : IAsyncDisposable
{
    private readonly List<ServerProcess> processes = [];
    private readonly string directory;
    private readonly string[] shared;

    private Nodes(string directory, string[] shared)
    {
        this.directory = directory;
        this.shared = shared;
    }

    public IReadOnlyList<ServerProcess> Processes => processes;

    /// <param name="tenant">The seed (the test tenant by default).</param>
    /// <param name="extra">More command-line settings, given to every node.</param>
    public static async Task<Nodes> StartAsync(int count, PostgresCluster? cluster = null, TenantFile? tenant = null, string[]? extra = null)
    {
        cluster ??= PostgresCluster.Shared;
        var directory = Path.Combine(Path.GetTempPath(), "authgate-nodes", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = "authgate_nodes_" + Guid.NewGuid().ToString("N")[..16];
        cluster.EnsureDatabase(database);
        var seed = Path.Combine(directory, "tenant.json");
        await File.WriteAllTextAsync(seed, JsonSerializer.Serialize(tenant ?? TestTenant.Create(), TenantFile.JsonOptions));
        var nodes = new Nodes(directory,
        [
            "--Authgate:Database:Provider=postgres",
            $"--ConnectionStrings:Authgate={cluster.ConnectionString(database)}",
            $"--Authgate:EncryptionKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            $"--Authgate:Issuer={AuthgateFactory.Issuer}",
            $"--Authgate:Bootstrap:ClientId={AuthgateFactory.ManagementClientId}",
            $"--Authgate:Bootstrap:ClientSecret={AuthgateFactory.ManagementClientSecret}",
            "--Authgate:Demo=false",
            "--Authgate:SigningKeys:RefreshSeconds=1",
            "--Authgate:Protection:LoginsPerUserAndIpPerMinute=100000",
            $"--Authgate:SeedFile={seed}",
            .. extra ?? [],
        ]);

        // Started together: migrations, seed and bootstrap must happen once.
        for (var i = 0; i < count; i++)
        {
            nodes.processes.Add(nodes.Launch(i));
        }

        try
        {
            await Task.WhenAll(nodes.processes.Select(p => p.WaitUntilListeningAsync()));
        }
        catch
        {
            // The caller never gets the nodes to dispose: stop them here, or they outlive the test run.
            await nodes.DisposeAsync();
            throw;
        }

        return nodes;
    }

    public async Task<ServerProcess> RestartAsync(int index)
    {
        await processes[index].DisposeAsync();
        processes[index] = Launch(index);
        await processes[index].WaitUntilListeningAsync();
        return processes[index];
    }

    public HttpClient Client(int index) => new() { BaseAddress = new Uri(processes[index].BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    private ServerProcess Launch(int index)
    {
        var data = Path.Combine(directory, "node" + index);
        Directory.CreateDirectory(data);
        return ServerProcess.Start(data, [.. shared, $"--Authgate:DataDirectory={data}"]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }
}
