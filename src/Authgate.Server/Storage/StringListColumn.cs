namespace Authgate.Storage;

/// <summary>
/// A list of strings (an EF primitive collection) read outside EF: each database stores it its own way, a JSON array
/// on SQLite and a text array on PostgreSQL.
/// </summary>
internal static class StringListColumn
{
    public static List<string> Read(object stored) => stored switch
    {
        string json => System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [],
        IEnumerable<string> items => [.. items],
        _ => throw new InvalidOperationException($"A list of strings stored as {stored.GetType().Name}."),
    };
}
