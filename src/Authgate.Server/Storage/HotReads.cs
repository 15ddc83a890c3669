using System.Data.Common;
using System.Diagnostics;
using Authgate.Observability;
using Authgate.Storage.Entities;

namespace Authgate.Storage;

/// <summary>
/// The per-request reads (a refresh token and its user, a user by id or login) and the configuration rows
/// <see cref="ConfigurationCache"/> loads on a miss, as prepared statements on <see cref="HotConnections"/>: each is a
/// single-row lookup by key, EF's per-query overhead was several times the lookup itself, and a token node never makes
/// an EF context at all. Rows are materialised as the EF model maps them (<see cref="EntityRows{T}"/>). On PostgreSQL a user by
/// id (what each userinfo request reads) is shared between concurrent requests (<see cref="SharedKeyReads{T}"/>): one
/// statement per batch instead of per request. The refresh token's read is not: measured with wrk (32 connections),
/// sharing it made each rotation wait longer for its read on cores the rotations saturate, and refreshes per second
/// fell (1,265-1,372 to 1,034-1,136), while userinfo rose from 6,400-7,700 to 14,500-21,700.
/// </summary>
internal sealed class HotReads(HotConnections connections, AuthgateMetrics metrics)
{
    // The statements' parameter names, in the order their values are bound.
    private static readonly string[] None = [], Key = ["@key"], KeyAndLogin = ["@key", "@login"], KeyAndAudience = ["@key", "@audience"], Keys = ["@keys"],
        KeyAudienceAndSubject = ["@key", "@audience", "@subject"];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, object> rows = new();
    private Statements? statements;
    private ConfigurationStatements? configuration;
    private SharedKeyReads<User>? sharedUsers;

    /// <summary>An entity's columns as the model maps them (<see cref="EntityRowShapes"/>), built once (for the hot writes too).</summary>
    public EntityRows<T> Rows<T>() where T : class =>
        (EntityRows<T>)rows.GetOrAdd(typeof(T), _ => EntityRowShapes.For<T>());

    public Task<User?> UserAsync(string userId)
    {
        var sql = Sql();
        if (connections.IsPostgres)
        {
            return (sharedUsers ?? SharedUsers(sql)).ReadAsync(userId);
        }

        return ReadAsync(sql.Users, sql.UserById, "user", Key, userId);
    }

    /// <summary>The connection's user whose normalised email or username is <paramref name="login"/>.</summary>
    public Task<User?> UserByLoginAsync(string connectionId, string login)
    {
        var sql = Sql();
        return ReadAsync(sql.Users, sql.UserByLogin, "user_login", KeyAndLogin, connectionId, login);
    }

    /// <summary>
    /// A refresh token by id and its user, in one statement (a refresh needs both: one round trip to PostgreSQL
    /// fewer). The user is null when the token is unknown or its user was deleted.
    /// </summary>
    public Task<(RefreshToken Token, User? User)?> RefreshTokenAndUserByIdAsync(string id)
    {
        var sql = Sql();
        return ReadAsync(sql.RefreshTokenAndUserById, Key, [id], "refresh_token_user", sql.ReadRefreshTokenAndUser);
    }

    /// <summary>A v1 token: the literal <c>format = 1</c> lets both databases use the partial index.</summary>
    public Task<RefreshToken?> RefreshTokenByHashAsync(string tokenHash)
    {
        var sql = Sql();
        return ReadAsync(sql.Tokens, sql.RefreshTokenByHash, "refresh_token", Key, tokenHash);
    }

    /// <summary>
    /// Configuration rows, read when <see cref="ConfigurationCache"/> misses: by their unique keys (the single-row
    /// settings by their lowest id, as EF read them), materialised from the model like the rows above, so that a token
    /// request never uses EF (bench/ANALYSIS.md, twenty-first pass: its context and queries hold ~23 MiB once used).
    /// </summary>
    public Task<Client?> ClientAsync(string clientId) => ReadAsync(Configuration().Clients, Configuration().ClientById, "client", Key, clientId);

    public Task<ResourceServer?> ApiAsync(string identifier) => ReadAsync(Configuration().Apis, Configuration().ApiByIdentifier, "api", Key, identifier);

    public Task<Connection?> ConnectionByNameAsync(string name) =>
        ReadAsync(Configuration().Connections, Configuration().ConnectionByName, "connection", Key, name);

    public Task<Connection?> ConnectionByIdAsync(string id) => ReadAsync(Configuration().Connections, Configuration().ConnectionById, "connection", Key, id);

    public Task<ClientGrant?> ClientGrantAsync(string clientId, string audience, string subjectType) =>
        ReadAsync(Configuration().Grants, Configuration().ClientGrant, "client_grant", KeyAudienceAndSubject, clientId, audience, subjectType);

    /// <summary>A grant for a class of clients (<c>default_for</c>), by audience and subject type.</summary>
    public Task<ClientGrant?> DefaultClientGrantAsync(string defaultFor, string audience, string subjectType) =>
        ReadAsync(Configuration().Grants, Configuration().DefaultClientGrant, "client_grant", KeyAudienceAndSubject, defaultFor, audience, subjectType);

    /// <summary>A connection that lists <paramref name="realm"/> among its realms.</summary>
    public Task<Connection?> ConnectionByRealmAsync(string realm) =>
        ReadAsync(Configuration().Connections, Configuration().ConnectionByRealm, "connection", Key, realm);

    public Task<TenantSettings?> TenantAsync() => ReadAsync(Configuration().Tenants, Configuration().Tenant, "tenant", None);

    public Task<AttackProtectionRow?> AttackProtectionAsync() =>
        ReadAsync(Configuration().Protection, Configuration().AttackProtection, "attack_protection", None);

    /// <summary>
    /// The permissions a user holds on one API (its stored identifier), directly or through a role: both primary keys
    /// lead, so it is two index lookups however many roles the user has.
    /// </summary>
    public async Task<HashSet<string>> PermissionsAsync(string userId, string audience)
    {
        const string sql = "SELECT permission_name FROM user_permissions WHERE user_id = @key AND audience = @audience "
            + "UNION SELECT rp.permission_name FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id "
            + "WHERE ur.user_id = @key AND rp.audience = @audience";
        var result = new HashSet<string>(StringComparer.Ordinal);
        await ForEachRowAsync(sql, KeyAndAudience, [userId, audience], "permissions", reader => result.Add(reader.GetString(0)));
        return result;
    }

    /// <summary>The statements' texts, built once from the model's columns (the model is the same on every call).</summary>
    private Statements Sql() => statements ??= new Statements(Rows<User>(), Rows<RefreshToken>(), connections.IsPostgres);

    private ConfigurationStatements Configuration() => configuration ??= new ConfigurationStatements(this, connections.IsPostgres);

    /// <summary>The shared user reads, made on first use (the statement needs the model's columns).</summary>
    private SharedKeyReads<User> SharedUsers(Statements sql) => LazyInitializer.EnsureInitialized(ref sharedUsers, () => Shared(
        sql.UsersByIds, sql.Users.Ordinal(nameof(User.UserId)), "user", reader => sql.Users.Read(reader)));

    /// <summary>A shared lookup (PostgreSQL): <paramref name="sql"/> takes the batch's keys as the array <c>@keys</c>.</summary>
    private SharedKeyReads<T> Shared<T>(string sql, int keyOrdinal, string kind, Func<DbDataReader, T> read) where T : class =>
        new((keys, deliver) => ForEachRowAsync(sql, Keys, [keys], kind, reader => deliver(reader.GetString(keyOrdinal), reader)), read,
            callers => metrics.HotReadBatchSize.Record(callers, new KeyValuePair<string, object?>("kind", kind)));

    private Task<T?> ReadAsync<T>(EntityRows<T> rows, string sql, string kind, string[] names, params object[] values) where T : class =>
        ReadAsync<T?>(sql, names, values, kind, reader => rows.Read(reader));

    /// <summary>A single-row read: every statement here looks up a unique key or says <c>LIMIT 1</c>.</summary>
    private async Task<T?> ReadAsync<T>(string sql, string[] names, object[] values, string kind, Func<DbDataReader, T> read)
    {
        T? found = default;
        await ForEachRowAsync(sql, names, values, kind, reader => found = read(reader));
        return found;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> on a hot connection with <paramref name="values"/> bound to <paramref name="names"/>
    /// in order, hands each row to <paramref name="row"/>, and records the read's time under <paramref name="kind"/>; a
    /// statement that fails marks its connection so it is not reused.
    /// </summary>
    private async Task ForEachRowAsync(string sql, string[] names, object[] values, string kind, Action<DbDataReader> row)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = await connections.RentLookupAsync(CancellationToken.None);
        try
        {
            var command = lease.Command(sql, names);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                row(reader);
            }

            metrics.HotReadDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
        }
        catch
        {
            lease.Fail();
            throw;
        }
    }

    private sealed class Statements
    {
        public Statements(EntityRows<User> users, EntityRows<RefreshToken> tokens, bool postgres)
        {
            Users = users;
            Tokens = tokens;
            UserById = $"SELECT {users.Columns} FROM {users.Table} WHERE user_id = @key";
            UsersByIds = $"SELECT {users.Columns} FROM {users.Table} WHERE user_id = ANY(@keys)";
            UserByLogin = $"SELECT {users.Columns} FROM {users.Table} "
                + "WHERE connection_id = @key AND (normalized_email = @login OR normalized_username = @login) LIMIT 1";
            RefreshTokenByHash = $"SELECT {tokens.Columns} FROM {tokens.Table} WHERE token_hash = @key AND format = 1";
            // PostgreSQL plans the plain join over a users table it has analysed while small (a few pages) as a hash
            // join that hashes every user to find one: 104 us per read with the bench's 64 users, 60 us as a lateral
            // lookup, which its LIMIT keeps from being flattened back into that join. SQLite has no LATERAL and looks
            // the user up by its key either way.
            var user = postgres
                ? $"LEFT JOIN LATERAL (SELECT {users.Columns} FROM {users.Table} WHERE user_id = t.user_id LIMIT 1) u ON TRUE"
                : $"LEFT JOIN {users.Table} u ON u.user_id = t.user_id";
            RefreshTokenAndUserById = $"SELECT {tokens.QualifiedColumns("t")}, {users.QualifiedColumns("u")} FROM {tokens.Table} t {user} WHERE t.id = @key";

            // The joined row is the token's columns, then the user's; a null user id means no user.
            var userKey = tokens.ColumnCount + users.Ordinal(nameof(User.UserId));
            ReadRefreshTokenAndUser = reader =>
                (tokens.Read(reader), reader.IsDBNull(userKey) ? null : users.Read(reader, tokens.ColumnCount));
        }

        public EntityRows<User> Users { get; }

        public EntityRows<RefreshToken> Tokens { get; }

        public string UserById { get; }

        public string UsersByIds { get; }

        public string UserByLogin { get; }

        public string RefreshTokenByHash { get; }

        public string RefreshTokenAndUserById { get; }

        /// <summary>Materialises a row of <see cref="RefreshTokenAndUserById"/> (built once: no closure per read).</summary>
        public Func<DbDataReader, (RefreshToken Token, User? User)?> ReadRefreshTokenAndUser { get; }
    }

    /// <summary>The configuration reads' texts, built once from the model's columns.</summary>
    private sealed class ConfigurationStatements
    {
        public ConfigurationStatements(HotReads reads, bool postgres)
        {
            Clients = reads.Rows<Client>();
            Apis = reads.Rows<ResourceServer>();
            Connections = reads.Rows<Connection>();
            Grants = reads.Rows<ClientGrant>();
            Tenants = reads.Rows<TenantSettings>();
            Protection = reads.Rows<AttackProtectionRow>();
            ClientById = ByKey(Clients, nameof(Client.ClientId));
            ApiByIdentifier = ByKey(Apis, nameof(ResourceServer.Identifier));
            ConnectionByName = ByKey(Connections, nameof(Connection.Name));
            ConnectionById = ByKey(Connections, nameof(Connection.Id));
            ClientGrant = GrantBy(Grants, nameof(Entities.ClientGrant.ClientId));
            DefaultClientGrant = GrantBy(Grants, nameof(Entities.ClientGrant.DefaultFor));

            // Realms are a text array on PostgreSQL and a JSON array on SQLite.
            var realms = Connections.Column(nameof(Connection.Realms));
            ConnectionByRealm = $"SELECT {Connections.Columns} FROM {Connections.Table} WHERE "
                + (postgres ? $"@key = ANY({realms})" : $"EXISTS (SELECT 1 FROM json_each({realms}) WHERE value = @key)") + " LIMIT 1";
            Tenant = $"SELECT {Tenants.Columns} FROM {Tenants.Table} ORDER BY {Tenants.Column(nameof(TenantSettings.Id))} LIMIT 1";
            AttackProtection = $"SELECT {Protection.Columns} FROM {Protection.Table} ORDER BY {Protection.Column(nameof(AttackProtectionRow.Id))} LIMIT 1";
        }

        public EntityRows<Client> Clients { get; }

        public EntityRows<ResourceServer> Apis { get; }

        public EntityRows<Connection> Connections { get; }

        public EntityRows<ClientGrant> Grants { get; }

        public EntityRows<TenantSettings> Tenants { get; }

        public EntityRows<AttackProtectionRow> Protection { get; }

        public string ClientById { get; }

        public string ApiByIdentifier { get; }

        public string ConnectionByName { get; }

        public string ConnectionById { get; }

        public string ClientGrant { get; }

        public string DefaultClientGrant { get; }

        public string ConnectionByRealm { get; }

        public string Tenant { get; }

        public string AttackProtection { get; }

        /// <summary>A grant by <paramref name="holder"/> (its client, or the class of clients it is for), audience and subject type.</summary>
        private static string GrantBy(EntityRows<ClientGrant> grants, string holder) =>
            $"SELECT {grants.Columns} FROM {grants.Table} WHERE {grants.Column(holder)} = @key "
            + $"AND {grants.Column(nameof(Entities.ClientGrant.Audience))} = @audience AND {grants.Column(nameof(Entities.ClientGrant.SubjectType))} = @subject LIMIT 1";

        /// <summary>Each of these keys is unique; <c>LIMIT 1</c> says so to the planner.</summary>
        private static string ByKey<T>(EntityRows<T> rows, string property) where T : class =>
            $"SELECT {rows.Columns} FROM {rows.Table} WHERE {rows.Column(property)} = @key LIMIT 1";
    }
}
