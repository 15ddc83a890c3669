using System.Globalization;
using Authgate.Admin.Schemas;

namespace Authgate.Admin.Lists;

/// <summary>
/// How a caller pages a list, as Auth0's Management API reads it: offset paging (<c>page</c> from 0, <c>per_page</c>
/// 1–100, default 50, <c>include_totals</c>) or checkpoint paging (<c>from</c> a cursor, <c>take</c> 1–100), and
/// which fields to return (<c>fields</c>, <c>include_fields</c>).
/// </summary>
internal sealed record ListQuery
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 100;

    public int Page { get; init; }
    public int PerPage { get; init; } = DefaultPerPage;
    public bool IncludeTotals { get; init; }
    /// <summary>The checkpoint cursor (the <c>next</c> of the previous page); null for the first page.</summary>
    public string? From { get; init; }
    /// <summary>Set when the caller pages by checkpoint.</summary>
    public int? Take { get; init; }
    public FieldSelection Fields { get; init; } = FieldSelection.All;

    public bool IsCheckpoint => From is not null || Take is not null;

    public int Skip => Page * PerPage;

    public int Limit => Take ?? PerPage;

    public static readonly ListQuery Default = new();

    /// <param name="parameter">The query-string value of a name, or null when absent.</param>
    public static AdminResult<ListQuery> Parse(Func<string, string?> parameter)
    {
        var errors = new List<FieldError>();
        var page = Integer(parameter, "page", 0, int.MaxValue / MaxPerPage, errors) ?? 0;
        var perPage = Integer(parameter, "per_page", 1, MaxPerPage, errors) ?? DefaultPerPage;
        var take = Integer(parameter, "take", 1, MaxPerPage, errors);
        var includeTotals = Boolean(parameter, "include_totals", errors) ?? false;
        var includeFields = Boolean(parameter, "include_fields", errors);
        var from = parameter("from") is { Length: > 0 } f ? f : null;
        if (errors.Count > 0)
        {
            return AdminError.BadQuery(Join(errors));
        }

        return new ListQuery
        {
            Page = page,
            PerPage = perPage,
            IncludeTotals = includeTotals,
            From = from,
            Take = take,
            Fields = FieldSelection.From(parameter("fields"), includeFields),
        };
    }

    /// <summary>Query-string errors read like body errors, with Auth0's "Query validation error" context.</summary>
    public static string Join(IEnumerable<FieldError> errors) =>
        FieldError.Join(errors).Replace(FieldError.Context, "Query validation error:", StringComparison.Ordinal);

    private static int? Integer(Func<string, string?> parameter, string name, int min, int max, List<FieldError> errors)
    {
        if (parameter(name) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new FieldError(name, "Expected type integer but found type string"));
            return null;
        }

        if (value < min)
        {
            errors.Add(new FieldError(name, $"Value {value} is less than minimum {min}"));
            return null;
        }

        if (value > max)
        {
            errors.Add(new FieldError(name, $"Value {value} is greater than maximum {max}"));
            return null;
        }

        return (int)value;
    }

    private static bool? Boolean(Func<string, string?> parameter, string name, List<FieldError> errors)
    {
        switch (parameter(name))
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors.Add(new FieldError(name, "Expected type boolean but found type string"));
                return null;
        }
    }
}
