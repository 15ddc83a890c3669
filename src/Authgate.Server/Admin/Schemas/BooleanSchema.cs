namespace Authgate.Admin.Schemas;

internal sealed record BooleanSchema : SchemaNode
{
    public override string TypeName => "boolean";
}
