using Authgate.Hosting;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Tenants;

/// <summary>A database created by an older release upgrades to the newest schema, data intact, on either provider.</summary>
public sealed class SchemaUpgradeTests
{
    [Fact]
    public async Task A_database_at_the_previous_version_upgrades_and_keeps_its_rows()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-upgrade", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestDatabase.Settings(directory)).Build();
        var settings = new StorageSettings(configuration, Options.Create(new AuthgateOptions { DataDirectory = directory }));
        var builder = new DbContextOptionsBuilder<AuthDbContext>();
        if (settings.Provider == StorageProvider.Postgres)
        {
            builder.UseNpgsql(settings.ConnectionString);
        }
        else
        {
            builder.UseSqlite(settings.ConnectionString);
        }

        await using var db = new AuthDbContext(builder.Options);
        var migrator = new SchemaMigrator(db, settings, NullLogger<SchemaMigrator>.Instance);
        // Script numbers have gaps (each line of work has its own range), so "previous" is the second newest script.
        var versions = SchemaMigrator.Scripts(settings.Provider).Select(s => s.Version).Order().ToList();
        var latest = versions[^1];
        var previous = versions[^2];

        (await migrator.MigrateAsync(targetVersion: previous)).Should().Be(versions.Count - 1);
        (await migrator.CurrentVersionAsync()).Should().Be(previous);
        var (yes, no, grants) = settings.Provider == StorageProvider.Postgres ? ("true", "false", "'{{password}}'") : ("1", "0", "'[\"password\"]'");
        var insert = $"""
            INSERT INTO clients (client_id, name, app_type, is_first_party, oidc_conformant, token_endpoint_auth_method, grant_types,
                callbacks, client_secret_protected, jwt_alg, id_token_lifetime_seconds, is_token_endpoint_ip_header_trusted, created_at, updated_at)
            VALUES ('old-client', 'Old', 'regular_web', {yes}, {yes}, 'client_secret_post', {grants}, {grants}, 'v1.x', 'RS256', 36000, {no}, 0, 0)
            """;
        await db.Database.ExecuteSqlRawAsync(insert);

        (await migrator.MigrateAsync()).Should().Be(1);
        (await migrator.CurrentVersionAsync()).Should().Be(latest);
        (await migrator.MigrateAsync()).Should().Be(0, "a second run finds nothing to do");

        var client = await db.Clients.SingleAsync(c => c.ClientId == "old-client");
        client.GrantTypes.Should().Equal("password");
        client.Name.Should().Be("Old");
    }
}
