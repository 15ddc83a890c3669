using Authgate.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Authgate.Storage;

/// <summary>
/// The resolved database settings: <c>ConnectionStrings:Authgate</c>, or a SQLite file in the data directory.
/// Read from configuration when first needed, so every configuration source (tests included) is in place.
/// </summary>
internal sealed class StorageSettings
{
    public StorageSettings(IConfiguration configuration, IOptions<AuthgateOptions> options)
    {
        var connectionString = configuration.GetConnectionString("Authgate");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = $"Data Source={Path.Combine(options.Value.DataDirectory, "authgate.db")}";
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (sqlite.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(sqlite.DataSource) && sqlite.DataSource != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        ConnectionString = sqlite.ConnectionString;
    }

    public string Provider => StorageProvider.Sqlite;

    public string ConnectionString { get; }
}
