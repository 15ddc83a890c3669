using System.Buffers;
using System.Collections;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Authgate.Storage;

/// <summary>
/// Inserts new entities with INSERT statements built from the context's EF model (tables, columns, each column's type
/// mapping and converter, owned types stored as JSON documents), in the context's transaction or one of its own, and
/// without its change tracker. For the writes of a first start (the seed, the management client, the first signing
/// keys): EF's first <c>SaveChanges</c> in a process costs 0.45–0.55 s of a core (the change tracker's and the update
/// pipeline's first use), paid on every fresh start before the server could answer; these statements take a few
/// milliseconds. EF stays the writer everywhere else; NewRowsTests checks that both store the same columns.
/// </summary>
internal static class NewRows
{
    // Each provider caps a statement's parameters (SQLite 32,766, PostgreSQL 65,535): rows go in chunks below both.
    private const int MaxParameters = 30_000;
    private const int MaxRowsPerStatement = 500;

    /// <param name="entities">Written in this order, consecutive entities of one type in multi-row statements: list
    /// principals before their dependents (an API before its grants, a connection before its users).</param>
    public static async Task InsertAsync(AuthDbContext db, IEnumerable<object> entities, CancellationToken cancellationToken)
    {
        var runs = new List<(Table Table, List<object> Rows)>();
        foreach (var entity in entities)
        {
            if (runs.Count > 0 && runs[^1].Table.Type == entity.GetType())
            {
                runs[^1].Rows.Add(entity);
            }
            else
            {
                runs.Add((Table.For(db.Model, entity.GetType()), [entity]));
            }
        }

        if (runs.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            var connection = db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            foreach (var (table, rows) in runs)
            {
                var perStatement = Math.Clamp(MaxParameters / table.Columns.Count, 1, MaxRowsPerStatement);
                for (var start = 0; start < rows.Count; start += perStatement)
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = table.Bind(command, rows, start, Math.Min(perStatement, rows.Count - start));
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One entity type's table: its columns, each with how to read the value from an entity and bind it.</summary>
    private sealed class Table(Type type, string name, List<Column> columns)
    {
        public Type Type { get; } = type;

        public List<Column> Columns { get; } = columns;

        public static Table For(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
            var table = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} has no table.");
            var columns = new List<Column>();
            foreach (var property in entity.GetProperties())
            {
                var member = property.PropertyInfo ?? throw new NotSupportedException($"{type.Name}.{property.Name} has no CLR property.");
                columns.Add(new Column(
                    property.GetColumnName(),
                    member.GetValue,
                    (RelationalTypeMapping)property.GetTypeMapping()));
            }

            foreach (var navigation in entity.GetNavigations())
            {
                var owned = navigation.TargetEntityType;
                if (!owned.IsMappedToJson() || owned.GetContainerColumnName() is not { } container)
                {
                    // Related entities are rows of their own, listed by the caller; EF would also insert those it reaches.
                    throw new NotSupportedException($"{type.Name}.{navigation.Name} is not an owned JSON document.");
                }

                var column = model.GetRelationalModel().FindTable(table, entity.GetSchema())?.FindColumn(container)
                    ?? throw new InvalidOperationException($"{table}.{container} is not in the relational model.");
                var member = navigation.PropertyInfo ?? throw new NotSupportedException($"{type.Name}.{navigation.Name} has no CLR property.");
                if (owned.GetNavigations().Any())
                {
                    throw new NotSupportedException($"{owned.DisplayName()} nests owned types.");
                }

                columns.Add(new Column(container, e => Document(owned, member.GetValue(e), navigation.IsCollection), column.StoreTypeMapping));
            }

            return new Table(type, table, columns);
        }

        /// <summary>Fills <paramref name="command"/>'s parameters with <paramref name="count"/> rows and returns its text.</summary>
        public string Bind(DbCommand command, List<object> rows, int start, int count)
        {
            var sql = new StringBuilder("INSERT INTO \"").Append(name).Append("\" (")
                .AppendJoin(", ", Columns.Select(c => "\"" + c.Name + "\"")).Append(") VALUES ");
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Count; c++)
                {
                    var parameter = $"@p{r}_{c}";
                    var column = Columns[c];
                    // The mapping's own parameter: its converter (dates as Unix milliseconds, lists as JSON or arrays) and
                    // its provider type (jsonb, text[]), exactly as EF binds the column.
                    command.Parameters.Add(column.Mapping.CreateParameter(command, parameter, column.Value(rows[start + r])));
                    sql.Append(c == 0 ? "" : ", ").Append(parameter);
                }

                sql.Append(')');
            }

            return sql.ToString();
        }
    }

    private sealed record Column(string Name, Func<object, object?> Value, RelationalTypeMapping Mapping);

    /// <summary>An owned type's JSON document, written property by property with EF's own JSON writers for each type.</summary>
    private static string? Document(IEntityType owned, object? value, bool collection)
    {
        if (value is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (collection)
            {
                writer.WriteStartArray();
                foreach (var item in (IEnumerable)value)
                {
                    WriteObject(writer, owned, item);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteObject(writer, owned, value);
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteObject(Utf8JsonWriter writer, IEntityType owned, object item)
    {
        writer.WriteStartObject();
        foreach (var property in owned.GetProperties())
        {
            // The owner's key and a collection's ordinal are not part of the document.
            if (property.GetJsonPropertyName() is not { } name)
            {
                continue;
            }

            var member = property.PropertyInfo ?? throw new NotSupportedException($"{owned.DisplayName()}.{property.Name} has no CLR property.");
            var value = member.GetValue(item);
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
                continue;
            }

            var mapping = property.GetTypeMapping();
            var json = property.GetJsonValueReaderWriter() ?? mapping.JsonValueReaderWriter
                ?? throw new NotSupportedException($"{owned.DisplayName()}.{property.Name} has no JSON writer.");
            json.ToJson(writer, mapping.Converter?.ConvertToProvider(value) ?? value);
        }

        writer.WriteEndObject();
    }
}
