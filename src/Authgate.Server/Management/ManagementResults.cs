using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Management;

/// <summary>Turns handler outcomes into HTTP answers: JSON bodies in Auth0's shapes, errors in Auth0's error shape.</summary>
internal static class ManagementResults
{
    public static IResult Error(ManagementError error) => Results.Json(error, ManagementJson.Output, statusCode: error.StatusCode);

    public static IResult Json(object value, int status = 200) => Results.Json(value, ManagementJson.Output, statusCode: status);

    public static IResult NoContent() => Results.NoContent();

    /// <summary>A list as Auth0 pages it: a bare array, or with <c>include_totals</c> an object naming the list.</summary>
    public static IResult Page<T>(IReadOnlyList<T> items, int total, Paging paging, string name) =>
        paging.IncludeTotals
            ? Json(new JsonObject
            {
                ["start"] = paging.Page * paging.PerPage,
                ["limit"] = paging.PerPage,
                ["length"] = items.Count,
                ["total"] = total,
                [name] = JsonSerializer.SerializeToNode(items, ManagementJson.Output),
            })
            : Json(items);

    public static string Iso(DateTime instant) =>
        DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
