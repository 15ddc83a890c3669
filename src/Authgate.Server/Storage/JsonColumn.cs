using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Storage;

/// <summary>
/// An owned type stored as one JSON column (<c>ToJson</c>), read outside EF by the names the model gives its
/// properties (<c>HasJsonPropertyName</c>, listed in <see cref="EntityRowShapes"/>), into a new instance of the owned
/// type (an object, or a list of them for a collection). A property missing from the stored JSON keeps the owned type's
/// default, as EF leaves it.
/// </summary>
internal sealed class JsonColumn
{
    private readonly Type clrType;
    private readonly bool collection;
    private readonly (string Name, PropertyInfo Property)[] properties;

    /// <param name="clrType">The owned type.</param>
    /// <param name="collection">Whether the column holds a list of them.</param>
    /// <param name="properties">Each stored property: its name in the JSON, then the owned type's property.</param>
    public JsonColumn(Type clrType, bool collection, params (string JsonName, string Property)[] properties)
    {
        this.clrType = clrType;
        this.collection = collection;
        this.properties = properties
            .Select(p => (p.JsonName, clrType.GetProperty(p.Property) ?? throw new InvalidOperationException($"{clrType.Name} has no property {p.Property}.")))
            .ToArray();
    }

    /// <summary>The stored text as the navigation's value: an instance, or a <c>List</c> of them.</summary>
    public object? Read(string stored)
    {
        var node = JsonNode.Parse(stored);
        if (!collection)
        {
            return node is JsonObject one ? Object(one) : null;
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(clrType))!;
        foreach (var item in node as JsonArray ?? [])
        {
            if (item is JsonObject element)
            {
                list.Add(Object(element));
            }
        }

        return list;
    }

    private object Object(JsonObject json)
    {
        var instance = Activator.CreateInstance(clrType, nonPublic: true)!;
        foreach (var (name, property) in properties)
        {
            if (json.TryGetPropertyValue(name, out var value))
            {
                var converted = value?.Deserialize(property.PropertyType);
                if (converted is not null || Nullable.GetUnderlyingType(property.PropertyType) is not null || !property.PropertyType.IsValueType)
                {
                    property.SetValue(instance, converted);
                }
            }
        }

        return instance;
    }
}
