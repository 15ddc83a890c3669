using Authgate.Hosting;
using Authgate.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Unit;

/// <summary>The hot statements' SQLite connections: how many stay open for the next request, and when they are all dropped.</summary>
public sealed class HotConnectionsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "authgate-tests", Guid.NewGuid().ToString("N"));
    private readonly HotConnections connections;

    public HotConnectionsTests()
    {
        Directory.CreateDirectory(directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Authgate:Database:Provider"] = "sqlite" }).Build();
        connections = new HotConnections(new StorageSettings(configuration, Options.Create(new AuthgateOptions { DataDirectory = directory })));
    }

    [Fact]
    public async Task Returned_connections_are_kept_up_to_the_bound_and_reused()
    {
        var first = await RentAsync(3 * connections.MaxIdle);
        Return(first);

        var second = await RentAsync(3 * connections.MaxIdle);
        Reused(first, second).Should().Be(connections.MaxIdle);
        Return(second);

        var third = await RentAsync(connections.MaxIdle);
        Reused(second, third).Should().Be(connections.MaxIdle, "the bound counts what is idle, not what was ever returned");
        Return(third);
    }

    [Fact]
    public async Task A_failed_connection_drops_every_idle_one_and_the_pool_fills_again()
    {
        var held = await RentAsync(connections.MaxIdle + 1);
        Return(held.Skip(1));
        held[0].Fail();
        held[0].Dispose();

        var afterFailure = await RentAsync(connections.MaxIdle);
        Reused(held, afterFailure).Should().Be(0);
        Return(afterFailure);

        var refilled = await RentAsync(connections.MaxIdle);
        Reused(afterFailure, refilled).Should().Be(connections.MaxIdle, "dropping the idle connections leaves room for as many again");
        Return(refilled);
    }

    public void Dispose()
    {
        connections.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<List<HotConnections.Lease>> RentAsync(int count)
    {
        var leases = new List<HotConnections.Lease>(count);
        for (var i = 0; i < count; i++)
        {
            leases.Add(await connections.RentAsync(CancellationToken.None));
        }

        return leases;
    }

    private static void Return(IEnumerable<HotConnections.Lease> leases)
    {
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    private static int Reused(IEnumerable<HotConnections.Lease> before, IEnumerable<HotConnections.Lease> after) =>
        after.Select(l => l.Connection).Intersect(before.Select(l => l.Connection), ReferenceEqualityComparer.Instance).Count();
}
