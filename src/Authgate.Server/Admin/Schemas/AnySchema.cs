namespace Authgate.Admin.Schemas;

/// <summary>Any JSON value (Auth0's untyped fields, such as a resource server's <c>authorization_details</c> items).</summary>
internal sealed record AnySchema : SchemaNode
{
    public override string TypeName => "any";
}
