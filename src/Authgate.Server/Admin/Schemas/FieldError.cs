namespace Authgate.Admin.Schemas;

/// <summary>
/// One reason a body is refused: where (<c>jwt_configuration.lifetime_in_seconds</c>, <c>callbacks[0]</c>; empty at
/// the root), what, and the field's description. Rendered as Auth0 renders its validator's errors:
/// <c>Payload validation error: '&lt;message&gt;' on property &lt;path&gt; (&lt;description&gt;).</c>; several are joined with
/// <c> (also) </c>.
/// </summary>
/// <param name="Quoted">False for checks beyond the schema, which Auth0 words without quotes.</param>
internal sealed record FieldError(string Path, string Message, string? Description = null, bool Quoted = true)
{
    public const string Context = "Payload validation error:";

    /// <summary>A check beyond the schema (a cross-field rule), worded as Auth0 words them.</summary>
    public static FieldError Rule(string message) => new("", message, null, Quoted: false);

    /// <summary>A check beyond the schema on one property, worded like a schema error.</summary>
    public static FieldError At(string path, string message) => new(path, message);

    /// <summary>A required <paramref name="property"/> left out of the object at <paramref name="path"/> (the body itself by default).</summary>
    public static FieldError Missing(string property, string path = "") => new(path, $"Missing required property: {property}");

    public string Text
    {
        get
        {
            if (!Quoted)
            {
                return $"{Context} {Message}";
            }

            var where = Path.Length == 0 ? "" : $" on property {Path}" + (string.IsNullOrEmpty(Description) ? "" : $" ({Description})");
            return $"{Context} '{Message}'{where}.";
        }
    }

    /// <summary>Every distinct error, in order, joined as Auth0 joins them.</summary>
    public static string Join(IEnumerable<FieldError> errors) => string.Join(" (also) ", errors.Select(e => e.Text).Distinct());

    /// <summary>The same error under a parent path (a nested body validated on its own).</summary>
    public FieldError Under(string parent) => Path.Length == 0 && !Quoted ? this : this with { Path = JsonPath.Child(parent, Path) };
}
