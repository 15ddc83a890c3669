using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Authgate.Storage;

/// <summary>
/// One parameterised statement on the context's connection (and its transaction, if any): for the atomic upserts with
/// <c>RETURNING</c> that EF cannot express, where the admin side and MFA work on a context. The token path's own
/// statements run outside EF (<see cref="RequestStorage"/>), through the same connection-level methods below.
/// </summary>
internal static class RawSql
{
    public static async Task<List<object?>> FirstRowAsync(AuthDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        (await RowsAsync(db, sql, 1, cancellationToken, parameters)) is [var first, ..] ? first : [];

    /// <summary>At most <paramref name="limit"/> rows of one statement (an <c>UPDATE … RETURNING</c> that claims several rows).</summary>
    public static async Task<List<List<object?>>> RowsAsync(AuthDbContext db, string sql, int limit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), sql, limit, cancellationToken, parameters);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A statement without rows on an open connection outside EF (<see cref="HotConnections.ExecuteAsync"/>); the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The statement itself on an open connection, for the context's connection (above) and the connections outside EF
    /// (<see cref="HotConnections.RowsAsync"/>); a null column is read as null.
    /// </summary>
    public static async Task<List<List<object?>>> ReadAsync(DbConnection connection, DbTransaction? transaction, string sql, int limit, CancellationToken cancellationToken, (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<List<object?>>();
        while (rows.Count < limit && await reader.ReadAsync(cancellationToken))
        {
            var row = new List<object?>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
