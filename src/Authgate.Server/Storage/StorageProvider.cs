namespace Authgate.Storage;

/// <summary>Names of the supported database providers (<c>Authgate:Database:Provider</c>).</summary>
internal static class StorageProvider
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
