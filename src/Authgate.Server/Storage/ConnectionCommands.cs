using System.Data.Common;

namespace Authgate.Storage;

/// <summary>
/// The commands kept for one open connection, one per SQL text: created with their named parameters on first use,
/// then reused, so SQLite prepares each statement once per connection. Shared by the request connections
/// (<see cref="HotConnections"/>) and the group-commit writer (<see cref="GroupCommit"/>).
/// </summary>
internal sealed class ConnectionCommands
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    public DbCommand For(DbConnection connection, string sql, ReadOnlySpan<string> parameters)
    {
        if (commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        commands[sql] = command;
        return command;
    }

    /// <summary>Disposes every kept command; call before the connection goes.</summary>
    public void Clear()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        commands.Clear();
    }
}
