namespace Authgate.Admin.Schemas;

/// <summary>
/// A JSON object. Closed objects refuse keys they do not name ("Additional properties not allowed"); open objects
/// keep them; a map (<see cref="ValueSchema"/>) takes any key whose value matches one schema.
/// </summary>
internal sealed record ObjectSchema(PropertyList Properties) : SchemaNode
{
    public bool IsOpen { get; init; }
    public SchemaNode? ValueSchema { get; init; }
    public IReadOnlyList<string> RequiredNames { get; init; } = [];
    public int? MinProperties { get; init; }
    public int? MaxProperties { get; init; }

    public override string TypeName => "object";

    public ObjectSchema Require(params string[] names) => this with { RequiredNames = [.. RequiredNames, .. names] };

    /// <summary>No property is required any more (a PATCH body built from a POST body).</summary>
    public ObjectSchema Optional() => this with { RequiredNames = [] };

    public ObjectSchema Open() => this with { IsOpen = true };

    public ObjectSchema MinProps(int count) => this with { MinProperties = count };

    public ObjectSchema MaxProps(int count) => this with { MaxProperties = count };

    public ObjectSchema With(string name, SchemaNode schema)
    {
        var properties = Properties.Copy();
        properties.Add(name, schema);
        return this with { Properties = properties };
    }

    public ObjectSchema Without(params string[] names)
    {
        var properties = Properties.Copy();
        foreach (var name in names)
        {
            properties.Remove(name);
        }

        return this with { Properties = properties, RequiredNames = RequiredNames.Except(names).ToList() };
    }

    /// <summary>The named properties also accept <c>null</c> (Auth0's PATCH schemas, where null clears a field).</summary>
    public ObjectSchema NullableProps(params string[] names)
    {
        var properties = Properties.Copy();
        foreach (var name in names)
        {
            var schema = properties.Find(name) ?? throw new ArgumentException($"No property {name}.", nameof(names));
            properties.Add(name, schema with { AllowsNull = true });
        }

        return this with { Properties = properties };
    }
}
