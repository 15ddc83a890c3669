using System.Data.Common;
using Authgate.Json;

namespace Authgate.Storage;

/// <summary>
/// Migration 0006: rewrites JSON documents that older versions stored with unpaired surrogate escapes
/// (<c>"\ud800"</c>), which made every read of the row fail. The bad code units become U+FFFD; everything else is
/// kept. Runs inside the migration's transaction, once, on every provider.
/// </summary>
internal static class StoredJsonRepair
{
    public const int Version = 6;

    private static readonly (string Table, string Key, string Column)[] Columns =
    [
        ("users", "user_id", "user_metadata_json"),
        ("users", "user_id", "app_metadata_json"),
        ("connections", "id", "options_json"),
        ("logs", "seq", "details"),
        ("attack_protection", "id", "brute_force"),
        ("attack_protection", "id", "suspicious_ip"),
        ("attack_protection", "id", "breached_password"),
    ];

    public static async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (table, key, column) in Columns)
        {
            var repairs = new List<(object Key, string Json)>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                // Only documents holding an escape can hide an unpaired surrogate; '#' escapes nothing, so '\' is literal.
                select.CommandText = $"SELECT {key}, {column} FROM {table} WHERE {column} LIKE @pattern ESCAPE '#'";
                var pattern = select.CreateParameter();
                pattern.ParameterName = "@pattern";
                pattern.Value = "%\\u%";
                select.Parameters.Add(pattern);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (StoredJson.Repair(reader.GetString(1)) is { } repaired)
                    {
                        repairs.Add((reader.GetValue(0), repaired));
                    }
                }
            }

            foreach (var (id, json) in repairs)
            {
                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE {table} SET {column} = @json WHERE {key} = @key";
                AddParameter(update, "@json", json);
                AddParameter(update, "@key", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
