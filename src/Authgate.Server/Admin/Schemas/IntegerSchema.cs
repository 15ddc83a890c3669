namespace Authgate.Admin.Schemas;

/// <summary>A whole number (<c>1.0</c> counts, as in JavaScript); <see cref="Fractional"/> also accepts decimals.</summary>
internal sealed record IntegerSchema : SchemaNode
{
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public bool Fractional { get; init; }

    public override string TypeName => Fractional ? "number" : "integer";

    public IntegerSchema Min(double minimum) => this with { Minimum = minimum };

    public IntegerSchema Max(double maximum) => this with { Maximum = maximum };

    public IntegerSchema Between(double minimum, double maximum) => this with { Minimum = minimum, Maximum = maximum };
}
