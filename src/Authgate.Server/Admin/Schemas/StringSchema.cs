namespace Authgate.Admin.Schemas;

internal sealed record StringSchema : SchemaNode
{
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    /// <summary>A named format checked by <see cref="SchemaFormats"/>.</summary>
    public string? Format { get; init; }

    public override string TypeName => "string";

    public StringSchema Min(int length) => this with { MinLength = length };

    public StringSchema Max(int length) => this with { MaxLength = length };

    public StringSchema Length(int min, int max) => this with { MinLength = min, MaxLength = max };

    public StringSchema Matching(string pattern) => this with { Pattern = pattern };

    public StringSchema Formatted(string format) => this with { Format = format };

    public StringSchema OneOf(params string[] values) => this with { Enum = values };
}
