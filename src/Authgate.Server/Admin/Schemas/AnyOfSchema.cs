namespace Authgate.Admin.Schemas;

/// <summary>A value valid against at least one of several schemas (Auth0's <c>anyOf</c>: an IP or a CIDR range, …).</summary>
internal sealed record AnyOfSchema(IReadOnlyList<SchemaNode> Options) : SchemaNode
{
    public override string TypeName => string.Join(',', Options.Select(o => o.TypeName).Distinct());
}
