namespace Authgate.Storage;

/// <summary>
/// What a token request reads and writes through, without EF: configuration (<see cref="HotQueries"/>, checked against
/// the version stamp once per request), the prepared reads (<see cref="HotReads"/>) and plain statements on the hot
/// connections. One per request (scoped). EF's context is made only when a rare path asks for it
/// (<see cref="Context"/>): a node that serves tokens never makes one, and so never holds EF's internal services and
/// their code (about 10 MiB resident; its query pipeline another 13, bench/ANALYSIS.md). A statement here runs on its
/// own connection, outside any transaction of the context: do not mix the two within one unit of work.
/// </summary>
internal sealed class RequestStorage(HotReads reads, ConfigurationCache configuration, HotConnections connections, IServiceProvider services)
{
    private AuthDbContext? context;

    public HotReads Reads => reads;

    public ConfigurationCache Configuration => configuration;

    /// <summary>The configuration generation this request checked (<see cref="ConfigurationCache.ForRequestAsync"/>).</summary>
    internal ConfigurationCache.Generation? Generation { get; set; }

    /// <summary>EF, for what is rare on the token path (MFA enrolment, directory users' writes, Actions' metadata): made on first use.</summary>
    public AuthDbContext Context => context ??= services.GetRequiredService<AuthDbContext>();

    /// <summary>The first row of one statement (empty when it has none): for reads and the upserts with <c>RETURNING</c>.</summary>
    public async Task<List<object?>> FirstRowAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        (await RowsAsync(sql, 1, cancellationToken, parameters)) is [var first, ..] ? first : [];

    /// <summary>At most <paramref name="limit"/> rows of one statement.</summary>
    public Task<List<List<object?>>> RowsAsync(string sql, int limit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connections.RowsAsync(sql, limit, cancellationToken, parameters);

    /// <summary>A statement without rows; the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connections.ExecuteAsync(sql, cancellationToken, parameters);
}
