using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Authgate.Storage;

/// <summary>
/// An entity's columns exactly as the EF model maps them (names, value converters), for the few statements on the
/// token path that run outside EF as prepared commands: <see cref="Read"/> materialises a row selected with
/// <see cref="Columns"/>, <see cref="Bind"/> fills an <see cref="InsertSql"/> command. Built from the model, so a
/// property added to the entity and its configuration is read and written here too, with no second mapping to keep.
/// Owned types stored as one JSON column (<c>ToJson</c>: a client's refresh-token settings, an API's scopes) are read
/// too, after the scalar columns (<see cref="JsonColumn"/>), and so are lists of strings; writes cover the other
/// columns only, so an entity with either is read-only here.
/// </summary>
internal sealed class EntityRows<T> where T : class
{
    private readonly Func<DbDataReader, int, T> read;
    private readonly (string Parameter, Func<T, object?> Value)[] values;
    private readonly System.Data.DbType?[] types;
    private readonly string[] propertyNames;
    private readonly string[] columnNames;
    private readonly bool readOnly;
    private readonly Type[] elementTypes;

    public EntityRows(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var table = StoreObjectIdentifier.Table(Table, entity.GetSchema());
        var properties = entity.GetProperties().Where(p => p.PropertyInfo is not null).ToList();
        var names = properties.Select(p => p.GetColumnName(table) ?? throw new InvalidOperationException($"{p.Name} has no column.")).ToList();
        var json = entity.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()).ToList();
        readOnly = json.Count > 0 || properties.Any(p => p.ClrType == typeof(List<string>) && Converter(p) is null);
        columnNames = [.. names, .. json.Select(n => n.TargetEntityType.GetContainerColumnName() ?? throw new InvalidOperationException($"{n.Name} has no column."))];
        Columns = string.Join(", ", columnNames);
        InsertSql = $"INSERT INTO {Table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "@c" + i))})";
        InsertArraysSql = $"INSERT INTO {Table} ({string.Join(", ", names)}) SELECT * FROM unnest({string.Join(", ", names.Select((_, i) => "@a" + i))})";
        read = CompileReader(properties, json);
        values = properties.Select((p, i) => ("@c" + i, CompileValue(p))).ToArray();
        // Typed parameters: a null still tells PostgreSQL its column type (needed where it cannot infer it).
        // Other stored types are left to the provider's inference from the value.
        types = properties.Select(p => StoredType(p) switch
        {
            var t when t == typeof(string) => System.Data.DbType.String,
            var t when t == typeof(long) => System.Data.DbType.Int64,
            var t when t == typeof(int) => System.Data.DbType.Int32,
            var t when t == typeof(bool) => System.Data.DbType.Boolean,
            _ => (System.Data.DbType?)null,
        }).ToArray();
        // An array's element type tells PostgreSQL the column's type even when every value is null.
        elementTypes = properties.Select(p =>
        {
            var stored = StoredType(p);
            return stored.IsValueType && p.IsNullable ? typeof(Nullable<>).MakeGenericType(stored) : stored;
        }).ToArray();
        propertyNames = properties.Select(p => p.Name).ToArray();
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

    /// <summary>
    /// The property's own converter (the model's conventions, <c>HasConversion</c>). Not its type mapping's: a compiled
    /// model resolves type mappings through EF's internal services, which only a context sets up, and these statements
    /// run on nodes that never make one. The one stored type that needs more is a list of strings (a primitive
    /// collection): a JSON array on SQLite, a text array on PostgreSQL (<see cref="StringList"/>).
    /// </summary>
    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter(IProperty property) => property.GetValueConverter();

    /// <summary>A primitive collection as stored: a JSON array (SQLite) or an array (PostgreSQL).</summary>
    private static List<string> StringList(object stored) => stored switch
    {
        string json => System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [],
        IEnumerable<string> items => [.. items],
        _ => throw new InvalidOperationException($"A list of strings stored as {stored.GetType().Name}."),
    };

    private static Type StoredType(IProperty property)
    {
        var converter = Converter(property);
        var type = converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Func<DbDataReader, int, T> CompileReader(List<IProperty> properties, List<INavigation> json)
    {
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var offset = Expression.Parameter(typeof(int), "offset");
        var entity = Expression.Variable(typeof(T), "entity");
        var body = new List<Expression> { Expression.Assign(entity, Expression.New(typeof(T))) };
        var isDbNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;
        var getFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue), [typeof(int)])!;
        var getValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetValue), [typeof(int)])!;
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var ordinal = Expression.Add(offset, Expression.Constant(i));
            var converter = Converter(property);
            var stored = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
            Expression value = property.ClrType == typeof(List<string>) && converter is null
                ? Expression.Call(typeof(EntityRows<T>).GetMethod(nameof(StringList), BindingFlags.NonPublic | BindingFlags.Static)!, Expression.Call(reader, getValue, ordinal))
                : Expression.Call(reader, getFieldValue.MakeGenericMethod(stored), ordinal);
            if (converter is not null)
            {
                var fromProvider = converter.ConvertFromProviderExpression;
                value = ReplacingVisitor.Inline(fromProvider, Expression.Convert(value, fromProvider.Parameters[0].Type));
            }

            var member = Expression.Property(entity, (PropertyInfo)property.PropertyInfo!);
            var assigned = Expression.Assign(member, Expression.Convert(value, property.ClrType));
            body.Add(property.IsNullable
                ? Expression.IfThen(Expression.Not(Expression.Call(reader, isDbNull, ordinal)), assigned)
                : assigned);
        }

        var getString = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetString), [typeof(int)])!;
        var readJson = typeof(JsonColumn).GetMethod(nameof(JsonColumn.Read))!;
        for (var j = 0; j < json.Count; j++)
        {
            var ordinal = Expression.Add(offset, Expression.Constant(properties.Count + j));
            var column = new JsonColumn(json[j]);
            var value = Expression.Call(Expression.Constant(column), readJson, Expression.Call(reader, getString, ordinal));
            var member = Expression.Property(entity, (PropertyInfo)json[j].PropertyInfo!);
            body.Add(Expression.IfThen(Expression.Not(Expression.Call(reader, isDbNull, ordinal)),
                Expression.Assign(member, Expression.Convert(value, member.Type))));
        }

        body.Add(entity);
        return Expression.Lambda<Func<DbDataReader, int, T>>(Expression.Block([entity], body), reader, offset).Compile();
    }

    private static Func<T, object?> CompileValue(IProperty property)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        Expression value = Expression.Property(entity, (PropertyInfo)property.PropertyInfo!);
        var converter = Converter(property);
        if (converter is not null)
        {
            // Null stays null (DBNull when bound); anything else goes through the converter's own expression.
            var model = converter.ConvertToProviderExpression;
            var nonNull = Nullable.GetUnderlyingType(value.Type) is not null ? Expression.Property(value, "Value") : value;
            var converted = Expression.Convert(ReplacingVisitor.Inline(model, Expression.Convert(nonNull, model.Parameters[0].Type)), typeof(object));
            value = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
                ? converted
                : Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)), Expression.Constant(null, typeof(object)), converted);
        }
        else
        {
            value = Expression.Convert(value, typeof(object));
        }

        return Expression.Lambda<Func<T, object?>>(value, entity).Compile();
    }

    /// <summary>Inlines a converter lambda's body with its parameter replaced.</summary>
    private sealed class ReplacingVisitor(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        public static Expression Inline(LambdaExpression lambda, Expression argument) =>
            new ReplacingVisitor(lambda.Parameters[0], argument).Visit(lambda.Body);

        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : base.VisitParameter(node);
    }
}
