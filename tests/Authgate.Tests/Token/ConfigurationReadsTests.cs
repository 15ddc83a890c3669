using System.Text.Json;
using System.Text.Json.Serialization;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Token;

/// <summary>
/// Token requests load configuration with plain statements (<see cref="HotReads"/>), not EF queries: every row must come
/// back exactly as EF reads it, the JSON columns of owned types (a client's refresh-token settings, an API's scopes)
/// included, on both databases.
/// </summary>
public sealed class ConfigurationReadsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private static readonly JsonSerializerOptions Shape = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };

    private static string Json(object? value) => JsonSerializer.Serialize(value, Shape);

    [Fact]
    public async Task Every_configuration_row_reads_the_same_through_the_prepared_statements_as_through_ef()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var reads = scope.ServiceProvider.GetRequiredService<HotReads>();

        var clients = await db.Clients.AsNoTracking().ToListAsync();
        clients.Should().Contain(c => c.RefreshToken != null, "the test tenant has clients with refresh-token settings");
        foreach (var client in clients)
        {
            Json(await reads.ClientAsync(client.ClientId)).Should().Be(Json(client));
        }

        var apis = await db.ResourceServers.AsNoTracking().ToListAsync();
        apis.Should().Contain(a => a.Scopes.Count > 1, "the test tenant has APIs with scopes");
        foreach (var api in apis)
        {
            Json(await reads.ApiAsync(api.Identifier)).Should().Be(Json(api));
        }

        var connections = await db.Connections.AsNoTracking().ToListAsync();
        connections.Should().NotBeEmpty();
        foreach (var connection in connections)
        {
            Json(await reads.ConnectionByNameAsync(connection.Name)).Should().Be(Json(connection));
            Json(await reads.ConnectionByIdAsync(connection.Id)).Should().Be(Json(connection));
        }

        // A realm each connection lists (its own name, unless changed), found as EF finds it.
        foreach (var realm in connections.SelectMany(c => c.Realms).Distinct())
        {
            var expected = await db.Connections.AsNoTracking().Where(c => c.Realms.Contains(realm)).ToListAsync();
            expected.Select(Json).Should().Contain(Json(await reads.ConnectionByRealmAsync(realm)));
        }

        // Grants for one client (a grant for a class of clients has none and is not read here).
        var grants = await db.ClientGrants.AsNoTracking().Where(g => g.ClientId != null).ToListAsync();
        grants.Should().NotBeEmpty();
        foreach (var grant in grants)
        {
            Json(await reads.ClientGrantAsync(grant.ClientId!, grant.Audience, grant.SubjectType)).Should().Be(Json(grant));
        }

        foreach (var grant in await db.ClientGrants.AsNoTracking().Where(g => g.DefaultFor != null).ToListAsync())
        {
            Json(await reads.DefaultClientGrantAsync(grant.DefaultFor!, grant.Audience, grant.SubjectType)).Should().Be(Json(grant));
        }

        Json(await reads.TenantAsync()).Should().Be(Json(await db.TenantSettings.AsNoTracking().OrderBy(t => t.Id).FirstOrDefaultAsync()));
        Json(await reads.AttackProtectionAsync()).Should().Be(Json(await db.AttackProtection.AsNoTracking().OrderBy(a => a.Id).FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task Unknown_keys_read_as_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<HotReads>();

        (await reads.ClientAsync("no-such-client")).Should().BeNull();
        (await reads.ApiAsync("https://no-such-api.test/")).Should().BeNull();
        (await reads.ConnectionByNameAsync("no-such-connection")).Should().BeNull();
        (await reads.ConnectionByRealmAsync("no-such-realm")).Should().BeNull();
        (await reads.ClientGrantAsync(TestTenant.MachineClientId, "https://no-such-api.test/", "client")).Should().BeNull();
    }
}
