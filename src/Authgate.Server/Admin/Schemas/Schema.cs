namespace Authgate.Admin.Schemas;

/// <summary>Short factories so a resource's schema reads like its documentation.</summary>
internal static class Schema
{
    public static StringSchema String() => new();

    public static StringSchema Enum(params string[] values) => new() { Enum = values };

    public static IntegerSchema Integer() => new();

    /// <summary>A number that may have decimals (Auth0's session lifetimes in hours, <c>3.0166…</c>).</summary>
    public static IntegerSchema Number() => new() { Fractional = true };

    public static BooleanSchema Boolean() => new();

    public static AnySchema Any() => new();

    public static ArraySchema Array(SchemaNode items) => new(items);

    /// <summary>An object that refuses keys it does not name.</summary>
    public static ObjectSchema Closed(PropertyList properties) => new(properties);

    /// <summary>An object that keeps keys it does not name, unchecked.</summary>
    public static ObjectSchema Open(PropertyList properties) => new(properties) { IsOpen = true };

    /// <summary>An object whose keys are free and whose values all match <paramref name="values"/>.</summary>
    public static ObjectSchema Map(SchemaNode values) => new(new PropertyList()) { ValueSchema = values };

    public static AnyOfSchema AnyOf(params SchemaNode[] options) => new(options);

    public static T Describe<T>(this T node, string description) where T : SchemaNode => (T)((SchemaNode)node with { Description = description });

    public static T OrNull<T>(this T node) where T : SchemaNode => (T)((SchemaNode)node with { AllowsNull = true });
}
