using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Tenants;

public sealed class StorageTests
{
    private static async Task<List<string>> ColumnAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    [SqliteFact]
    public async Task First_start_creates_the_database_file_and_records_every_migration()
    {
        using var factory = new AuthgateFactory();
        _ = factory.CreateClient();

        File.Exists(factory.DatabasePath).Should().BeTrue();
        var versions = await ColumnAsync(factory.DatabasePath, "SELECT version FROM schema_migrations ORDER BY version");
        versions.Should().Equal(SchemaMigrator.Scripts(StorageProvider.Sqlite).Select(s => s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [SqliteFact]
    public async Task Restart_on_the_same_data_directory_keeps_the_tenant_and_signing_keys()
    {
        string kid;
        string directory;
        using (var first = new AuthgateFactory())
        {
            directory = first.DataDirectory;
            var json = await (await first.CreateClient().PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
            kid = Protocol.Decode(json.GetProperty("access_token").GetString()!).Kid;
        }

        SqliteConnection.ClearAllPools();
        using var second = new AuthgateFactory(tenant: null, dataDirectory: directory);
        var again = await (await second.CreateClient().PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();

        Protocol.Decode(again.GetProperty("access_token").GetString()!).Kid.Should().Be(kid);
        (await ColumnAsync(second.DatabasePath, "SELECT COUNT(*) FROM signing_keys")).Should().Equal("2");
    }

    [SqliteFact]
    public async Task Secrets_are_encrypted_at_rest_and_passwords_hashed_with_argon2id_and_per_user_salt()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), ProductionHashing);
        _ = factory.CreateClient();

        var secrets = await ColumnAsync(factory.DatabasePath, "SELECT client_secret_protected FROM clients");
        secrets.Should().OnlyContain(s => s.StartsWith("v1.", StringComparison.Ordinal));
        secrets.Should().NotContain(s => s.Contains(TestTenant.WebClientSecret, StringComparison.Ordinal));
        var apiSecrets = await ColumnAsync(factory.DatabasePath, "SELECT signing_secret_protected FROM resource_servers");
        apiSecrets.Should().NotContain(s => s.Contains(TestTenant.HsApiSecret, StringComparison.Ordinal));
        var keys = await ColumnAsync(factory.DatabasePath, "SELECT private_key_protected FROM signing_keys");
        keys.Should().OnlyContain(k => k.StartsWith("v1.", StringComparison.Ordinal));

        var raw = await File.ReadAllBytesAsync(factory.DatabasePath);
        System.Text.Encoding.UTF8.GetString(raw).Should().NotContain(TestTenant.WebClientSecret);

        var hashes = await ColumnAsync(factory.DatabasePath, $"SELECT password_hash FROM users WHERE email <> '{TestTenant.JaneEmail}'");
        hashes.Should().HaveCount(3).And.OnlyHaveUniqueItems("the same password gets a different salt per user");
        hashes.Should().OnlyContain(h => h.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", StringComparison.Ordinal));
    }

    /// <summary>The production Argon2id cost (the suite's factory uses a cheap one).</summary>
    private static Dictionary<string, string?> ProductionHashing => new()
    {
        ["Authgate:PasswordHashing:MemoryKiB"] = "19456",
        ["Authgate:PasswordHashing:Iterations"] = "2",
    };

    [SqliteFact]
    public async Task Password_hashed_with_older_parameters_is_rehashed_at_the_next_good_login()
    {
        string directory;
        using (var weak = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?>
        {
            ["Authgate:PasswordHashing:MemoryKiB"] = "8192",
            ["Authgate:PasswordHashing:Iterations"] = "1",
        }))
        {
            directory = weak.DataDirectory;
            _ = weak.CreateClient();
        }

        SqliteConnection.ClearAllPools();
        var query = $"SELECT password_hash FROM users WHERE email = '{TestTenant.JaneEmail}'";
        (await ColumnAsync(Path.Combine(directory, "authgate.db"), query)).Single().Should().StartWith("$argon2id$v=19$m=8192,t=1,p=1$");

        using var strong = new AuthgateFactory(tenant: null, ProductionHashing, dataDirectory: directory);
        var http = strong.CreateClient();
        await (await http.PostFormAsync(Protocol.PasswordGrant(password: "wrong"))).ShouldBeErrorAsync(System.Net.HttpStatusCode.Forbidden, "invalid_grant");
        (await ColumnAsync(strong.DatabasePath, query)).Single().Should().StartWith("$argon2id$v=19$m=8192,t=1,p=1$", "a failed login changes nothing");

        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        (await ColumnAsync(strong.DatabasePath, query)).Single().Should().StartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
    }
}
