using System.Collections;

namespace Authgate.Admin.Schemas;

/// <summary>The named properties of an object schema, in declaration order (collection-initializer friendly).</summary>
internal sealed class PropertyList : IEnumerable<KeyValuePair<string, SchemaNode>>
{
    private readonly List<KeyValuePair<string, SchemaNode>> items = [];

    public int Count => items.Count;

    public void Add(string name, SchemaNode schema)
    {
        var index = items.FindIndex(p => p.Key == name);
        if (index >= 0)
        {
            items[index] = new(name, schema);
        }
        else
        {
            items.Add(new(name, schema));
        }
    }

    public bool Remove(string name) => items.RemoveAll(p => p.Key == name) > 0;

    public SchemaNode? Find(string name)
    {
        foreach (var (key, value) in items)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    public PropertyList Copy()
    {
        var copy = new PropertyList();
        copy.items.AddRange(items);
        return copy;
    }

    public IEnumerator<KeyValuePair<string, SchemaNode>> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
