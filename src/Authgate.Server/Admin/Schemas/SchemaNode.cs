namespace Authgate.Admin.Schemas;

/// <summary>
/// One node of a Management API body schema: the JSON type a value must have and its limits. Written once per
/// resource as readable C# (see <c>Admin/*/…Schema.cs</c>) and checked by <see cref="SchemaValidator"/>, which words
/// failures exactly as Auth0's validator does.
/// </summary>
internal abstract record SchemaNode
{
    /// <summary>Shown after the property path in error messages, as Auth0 shows its own field descriptions.</summary>
    public string? Description { get; init; }

    /// <summary>JSON <c>null</c> is accepted (PATCH bodies use it to clear a field).</summary>
    public bool AllowsNull { get; init; }

    /// <summary>The allowed values, when the field is an enumeration.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>The z-schema type name(s) the node expects, for "Expected type … but found type …".</summary>
    public abstract string TypeName { get; }

    public string ExpectedTypes => AllowsNull ? TypeName + ",null" : TypeName;
}
