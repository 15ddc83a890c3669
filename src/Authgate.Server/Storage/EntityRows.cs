using System.Data;
using System.Data.Common;

namespace Authgate.Storage;

/// <summary>
/// An entity's columns exactly as the EF model maps them (names, value converters), for the few statements on the
/// token path that run outside EF as prepared commands: <see cref="Read"/> materialises a row selected with
/// <see cref="Columns"/>, <see cref="Bind"/> fills an <see cref="InsertSql"/> command. Each entity's shape is code
/// generated from the model (<see cref="EntityRowShapes"/>; EntityRowShapesTests fails when it no longer matches), so a
/// property added to the entity and its configuration is read and written here too, and a token node never loads the
/// model, EF's metadata code or the expression compiler to find its columns. Owned types stored as one JSON column
/// (<c>ToJson</c>: a client's refresh-token settings, an API's scopes) are read too, after the scalar columns
/// (<see cref="JsonColumn"/>), and so are lists of strings (<see cref="StringListColumn"/>); writes cover the other columns
/// only, so an entity with either is read-only here.
/// </summary>
internal sealed class EntityRows<T> where T : class
{
    private readonly Func<DbDataReader, int, T> read;
    private readonly (string Parameter, Func<T, object?> Value)[] values;
    private readonly DbType?[] types;
    private readonly string[] propertyNames;
    private readonly string[] columnNames;
    private readonly bool readOnly;
    private readonly Type[] elementTypes;

    /// <param name="table">The entity's table.</param>
    /// <param name="propertyNames">The scalar properties, in column order.</param>
    /// <param name="columnNames">Their columns, then the JSON columns'.</param>
    /// <param name="readOnly">Whether a JSON or list column keeps the entity from being written here.</param>
    /// <param name="read">Materialises a row whose first column is at the given offset.</param>
    /// <param name="values">Each scalar property's stored value (converted, boxed, null for null).</param>
    /// <param name="types">The parameter type to give each value, where the provider's inference is not enough.</param>
    /// <param name="elementTypes">Each value's type as an array element (a nullable type for a nullable value type).</param>
    public EntityRows(string table, string[] propertyNames, string[] columnNames, bool readOnly, Func<DbDataReader, int, T> read,
        Func<T, object?>[] values, DbType?[] types, Type[] elementTypes)
    {
        Table = table;
        this.propertyNames = propertyNames;
        this.columnNames = columnNames;
        this.readOnly = readOnly;
        this.read = read;
        this.values = values.Select((value, i) => ("@c" + i, value)).ToArray();
        this.types = types;
        this.elementTypes = elementTypes;
        Columns = string.Join(", ", columnNames);
        var scalar = columnNames[..propertyNames.Length];
        InsertSql = $"INSERT INTO {Table} ({string.Join(", ", scalar)}) VALUES ({string.Join(", ", scalar.Select((_, i) => "@c" + i))})";
        InsertArraysSql = $"INSERT INTO {Table} ({string.Join(", ", scalar)}) SELECT * FROM unnest({string.Join(", ", scalar.Select((_, i) => "@a" + i))})";
    }

    public string Table { get; }

    /// <summary>The parameter of <see cref="InsertSql"/> holding <paramref name="property"/>.</summary>
    public string Parameter(string property) => "@c" + Array.IndexOf(propertyNames, property);

    /// <summary>How many columns <see cref="Columns"/> selects (and, for a writable entity, <see cref="InsertSql"/> parameters, <c>@c0</c>…).</summary>
    public int ColumnCount => columnNames.Length;

    /// <summary>The column that holds <paramref name="property"/>, for a statement's <c>WHERE</c>.</summary>
    public string Column(string property) => columnNames[Ordinal(property) is >= 0 and var i ? i : throw new ArgumentException($"{property} is not a column of {Table}.", nameof(property))];

    /// <summary>The column list, in the order <see cref="Read"/> expects.</summary>
    public string Columns { get; }

    /// <summary><see cref="Columns"/>, each prefixed with <paramref name="alias"/> (for a join of two tables).</summary>
    public string QualifiedColumns(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    /// <summary>Where <paramref name="property"/>'s column is in <see cref="Columns"/>.</summary>
    public int Ordinal(string property) => Array.IndexOf(propertyNames, property);

    /// <summary><c>INSERT INTO table (columns) VALUES (@c0, @c1, …)</c>.</summary>
    public string InsertSql { get; }

    /// <summary>
    /// PostgreSQL: <c>INSERT INTO table (columns) SELECT * FROM unnest(@a0, @a1, …)</c>, one array per column, so that any
    /// number of rows is one statement of as many parameters as there are columns. A multi-row <c>VALUES</c> list needs a
    /// parameter per value (1,600 for 64 log events), each copied again when the group commit queues the statement.
    /// </summary>
    public string InsertArraysSql { get; }

    /// <summary>Sets the parameters of <see cref="InsertArraysSql"/> (created on first use) to new arrays of <paramref name="entities"/>' values.</summary>
    public void BindArrays(DbCommand command, IReadOnlyList<T> entities, int start, int count)
    {
        EnsureWritable();
        if (command.Parameters.Count == 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@a" + i;
                command.Parameters.Add(parameter);
            }
        }

        // New arrays each time: a queued copy of the command keeps the previous ones.
        for (var i = 0; i < values.Length; i++)
        {
            var column = Array.CreateInstance(elementTypes[i], count);
            for (var r = 0; r < count; r++)
            {
                column.SetValue(values[i].Value(entities[start + r]), r);
            }

            command.Parameters[i].Value = column;
        }
    }

    /// <summary>The entity in the current row, whose first column is at <paramref name="offset"/>.</summary>
    public T Read(DbDataReader reader, int offset = 0) => read(reader, offset);

    /// <summary>Sets the parameters of <see cref="InsertSql"/> (created on first use) to <paramref name="entity"/>'s values.</summary>
    public void Bind(DbCommand command, T entity)
    {
        EnsureWritable();
        if (command.Parameters.Count == 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = values[i].Parameter;
                if (types[i] is { } type)
                {
                    parameter.DbType = type;
                }

                command.Parameters.Add(parameter);
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i].Value(entity) ?? DBNull.Value;
        }
    }

    private void EnsureWritable()
    {
        if (readOnly)
        {
            throw new NotSupportedException($"{typeof(T).Name} has JSON or list columns, which are read here but not written.");
        }
    }
}
