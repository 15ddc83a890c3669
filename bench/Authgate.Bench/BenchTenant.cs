using Authgate.Tenants;

namespace Authgate.Bench;

/// <summary>The tenant the scenarios run against: one API, a rotating web app, a machine-to-machine app, users.</summary>
public static class BenchTenant
{
    public const string Api = "https://api.bench.test/";

    /// <summary>An API whose tokens carry a random <c>jti</c> (RFC 9068): every client-credentials token is distinct and signed.</summary>
    public const string DistinctApi = "https://api-rfc9068.bench.test/";
    public const string Connection = "Username-Password-Authentication";
    public const string WebClientId = "benchWebClient000000000000000001";
    public const string WebClientSecret = "bench-web-client-secret-0123456789-abcdefghijk";
    public const string MachineClientId = "benchMachineClient00000000000002";
    public const string MachineClientSecret = "bench-machine-client-secret-0123456789-abcdefg";
    /// <summary>A machine client past its quota (one token an hour, seed only): every request after the first is a 429.</summary>
    public const string RefusedClientId = "benchRefusedClient00000000000004";
    public const string RefusedClientSecret = "bench-refused-client-secret-0123456789-abcdefg";
    public const string ManagementClientId = "benchManagementClient00000000003";
    public const string ManagementClientSecret = "bench-management-secret-0123456789-abcdefghijkl";
    public const string Password = "Bench-passw0rd-for-everyone";

    public static string User(int i) => $"user{i}@bench.test";

    private static readonly List<string> Hashes = [];

    /// <summary>
    /// The users' Argon2id hashes (server defaults, a salt each), made here once per run, so the server imports them
    /// as it imports a migrated tenant's: start-up on a fresh database then measures the server, not 64 slow hashes
    /// of the seed's plain passwords (about 1 s on 2 cores).
    /// </summary>
    private static string PasswordHash(int i)
    {
        lock (Hashes)
        {
            while (Hashes.Count <= i)
            {
                var start = Hashes.Count;
                var batch = new string[Math.Max(64, i + 1 - start)];
                var options = new Authgate.Connections.PasswordHashingOptions();
                Parallel.For(0, batch.Length, k => batch[k] = new Authgate.Connections.SodiumBackend().Hash(System.Text.Encoding.UTF8.GetBytes(Password), options.MemoryKiB, options.Iterations));
                Hashes.AddRange(batch);
            }

            return Hashes[i];
        }
    }

    /// <summary>
    /// The seed file: <see cref="Create"/>, an <c>attackProtection</c> section that exempts loopback from the per-IP
    /// protections (one machine plays every user, so floods measure hashing), as the Management API's PATCH would, and
    /// a client with a client-credentials quota of one token an hour (the flood of refusals beside the lane's refreshes).
    /// </summary>
    public static string SeedJson(int users)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Create(users), TenantFile.JsonOptions))!.AsObject();
        root["attackProtection"] = new System.Text.Json.Nodes.JsonObject
        {
            ["bruteForceProtection"] = new System.Text.Json.Nodes.JsonObject { ["allowlist"] = new System.Text.Json.Nodes.JsonArray("127.0.0.0/8") },
            ["suspiciousIpThrottling"] = new System.Text.Json.Nodes.JsonObject { ["allowlist"] = new System.Text.Json.Nodes.JsonArray("127.0.0.0/8") },
        };
        root["clients"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "Bench refused", ["client_id"] = RefusedClientId, ["client_secret"] = RefusedClientSecret, ["app_type"] = "non_interactive",
            ["grant_types"] = new System.Text.Json.Nodes.JsonArray("client_credentials"),
            ["token_quota"] = System.Text.Json.Nodes.JsonNode.Parse("""{"client_credentials": {"enforce": true, "per_hour": 1}}"""),
        });
        root["clientGrants"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["client_id"] = RefusedClientId, ["audience"] = Api, ["scope"] = new System.Text.Json.Nodes.JsonArray("read:bench"),
        });
        return root.ToJsonString(TenantFile.JsonOptions);
    }

    public static TenantFile Create(int users) => new()
    {
        Tenant = new TenantFile.TenantSection { FriendlyName = "Bench", DefaultDirectory = Connection },
        ResourceServers =
        [
            new() { Name = "Bench API", Identifier = Api, SigningAlg = "RS256", AllowOfflineAccess = true, Scopes = [new() { Value = "read:bench" }, new() { Value = "write:bench" }] },
            new() { Name = "Bench API (RFC 9068)", Identifier = DistinctApi, SigningAlg = "RS256", TokenDialect = "rfc9068_profile", Scopes = [new() { Value = "read:bench" }] },
        ],
        Clients =
        [
            new()
            {
                Name = "Bench web", ClientId = WebClientId, ClientSecret = WebClientSecret, AppType = "regular_web", Callbacks = ["https://bench.test/cb"],
                GrantTypes = ["password", "http://auth0.com/oauth/grant-type/password-realm", "refresh_token"],
                RefreshToken = new() { RotationType = "rotating", ExpirationType = "expiring", Leeway = 0, TokenLifetime = 2592000, IdleTokenLifetime = 1296000 },
            },
            new() { Name = "Bench machine", ClientId = MachineClientId, ClientSecret = MachineClientSecret, AppType = "non_interactive", GrantTypes = ["client_credentials"] },
        ],
        Connections = [new() { Name = Connection, Strategy = "auth0", EnabledClients = [WebClientId] }],
        Users = Enumerable.Range(0, users).Select(i => new TenantFile.UserSection { Connection = Connection, Email = User(i), PasswordHash = PasswordHash(i), EmailVerified = true }).ToList(),
        ClientGrants =
        [
            new() { ClientId = MachineClientId, Audience = Api, Scope = ["read:bench", "write:bench"] },
            new() { ClientId = MachineClientId, Audience = DistinctApi, Scope = ["read:bench"] },
        ],
    };

    /// <summary>
    /// <paramref name="count"/> live refresh tokens of one bulk user, shaped as schema v90 stores them (time-ordered ids,
    /// format 2), in one statement: the stored-tokens scenario and <c>measure --tokens</c>.
    /// </summary>
    public static string StoredRefreshTokensSql(int count, bool postgres) => postgres
        ? $"""
          INSERT INTO refresh_tokens (id, token_hash, format, family_id, client_id, user_id, connection_id, audience, scope, rotating, auth_time, created_at)
          SELECT lpad(to_hex(1600000000000 + i), 12, '0') || lpad(i::text, 20, '0'), lpad(i::text, 64, '0'), 2, lpad(to_hex(1600000000000 + i), 12, '0') || lpad(i::text, 20, '0'), '{WebClientId}', 'auth0|bulk', 'con_bulk', '{Api}', 'openid offline_access', true, 0, 0
          FROM generate_series(1, {count}) AS i
          """
        : $"""
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
          INSERT INTO refresh_tokens (id, token_hash, format, family_id, client_id, user_id, connection_id, audience, scope, rotating, auth_time, created_at)
          SELECT printf('%012x%020d', 1600000000000 + i, i), printf('%064d', i), 2, printf('%012x%020d', 1600000000000 + i, i), '{WebClientId}', 'auth0|bulk', 'con_bulk', '{Api}', 'openid offline_access', 1, 0, 0 FROM n
          """;
}
