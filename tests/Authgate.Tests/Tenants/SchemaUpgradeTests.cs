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
    /// <summary>The admin layer's migration (documents, realms, rebuilt client grants).</summary>
    private const int AdminDocuments = 10;

    [Fact]
    public async Task A_database_at_the_previous_version_upgrades_and_keeps_its_rows()
    {
        // Script numbers have gaps (each line of work has its own range), so "previous" is the second newest script.
        await UpgradeFromAsync(versions => versions[^2], checkConnection: false);
    }

    [Fact]
    public async Task A_database_from_before_the_admin_documents_gets_empty_documents_and_default_realms()
    {
        await UpgradeFromAsync(versions => versions.Where(v => v < AdminDocuments).Max(), checkConnection: true);
    }

    private static async Task UpgradeFromAsync(Func<List<int>, int> start, bool checkConnection)
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
        using var connections = new HotConnections(settings);
        var migrator = new SchemaMigrator(connections, settings, NullLogger<SchemaMigrator>.Instance);
        var versions = SchemaMigrator.Scripts(settings.Provider).Select(s => s.Version).Order().ToList();
        var latest = versions[^1];
        var previous = start(versions);
        var remaining = versions.Count(v => v > previous);

        (await migrator.MigrateAsync(targetVersion: previous)).Should().Be(versions.Count - remaining);
        (await migrator.CurrentVersionAsync()).Should().Be(previous);
        var (yes, no, grants) = settings.Provider == StorageProvider.Postgres ? ("true", "false", "'{{password}}'") : ("1", "0", "'[\"password\"]'");
        var insert = $"""
            INSERT INTO clients (client_id, name, app_type, is_first_party, oidc_conformant, token_endpoint_auth_method, grant_types,
                callbacks, client_secret_protected, jwt_alg, id_token_lifetime_seconds, is_token_endpoint_ip_header_trusted, created_at, updated_at)
            VALUES ('old-client', 'Old', 'regular_web', {yes}, {yes}, 'client_secret_post', {grants}, {grants}, 'v1.x', 'RS256', 36000, {no}, 0, 0)
            """;
        await db.Database.ExecuteSqlRawAsync(insert);
        // A v1 refresh token: found by its hash before the upgrade, and after it (schema v90 finds v2 tokens by id and marks older rows format 1).
        var token = $"""
            INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, connection_id, scope, rotating, auth_time, created_at)
            VALUES ('0123456789abcdef0123456789abcdef', 'old-hash', '0123456789abcdef0123456789abcdef', 'old-client', 'auth0|old', 'con_old', 'offline_access', {yes}, 0, 0)
            """;
        await db.Database.ExecuteSqlRawAsync(token);
        if (checkConnection)
        {
            var enabled = settings.Provider == StorageProvider.Postgres ? "'{{old-client}}'" : "'[\"old-client\"]'";
            var connection = $"INSERT INTO connections (id, name, strategy, enabled_clients, options_json, created_at, updated_at) VALUES ('con_old', 'old-db', 'auth0', {enabled}, '{{{{}}}}', 0, 0)";
            await db.Database.ExecuteSqlRawAsync(connection);
        }

        (await migrator.MigrateAsync()).Should().Be(remaining);
        (await migrator.CurrentVersionAsync()).Should().Be(latest);
        (await migrator.MigrateAsync()).Should().Be(0, "a second run finds nothing to do");

        var client = await db.Clients.SingleAsync(c => c.ClientId == "old-client");
        client.GrantTypes.Should().Equal("password");
        client.Name.Should().Be("Old");
        client.Document.Should().Be("{}");
        var stored = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == "old-hash" && t.Format == Authgate.Tokens.RefreshTokenValues.ByHash);
        stored.Should().NotBeNull();
        stored!.FamilyId.Should().Be(stored.Id);
        stored.Format.Should().Be(Authgate.Tokens.RefreshTokenValues.ByHash);
        if (checkConnection)
        {
            var upgraded = await db.Connections.SingleAsync(c => c.Id == "con_old");
            upgraded.Realms.Should().Equal("old-db");
            upgraded.EnabledClients.Should().Equal("old-client");
        }
    }
}
