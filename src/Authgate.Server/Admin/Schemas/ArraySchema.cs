namespace Authgate.Admin.Schemas;

internal sealed record ArraySchema(SchemaNode Items) : SchemaNode
{
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public bool UniqueItems { get; init; }

    public override string TypeName => "array";

    public ArraySchema Min(int count) => this with { MinItems = count };

    public ArraySchema Max(int count) => this with { MaxItems = count };

    public ArraySchema Unique() => this with { UniqueItems = true };
}
