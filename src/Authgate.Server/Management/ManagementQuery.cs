using Authgate.Admin;
using Authgate.Admin.Lists;

namespace Authgate.Management;

/// <summary>Query-string reading shared by the Management API's list and read endpoints.</summary>
internal static class ManagementQuery
{
    public static string? Value(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public static AdminResult<ListQuery> List(HttpRequest request) => ListQuery.Parse(name => Value(request, name));

    /// <summary>Every value of a repeated parameter (<c>identifiers=a&amp;identifiers=b</c>), also in the <c>name[]</c> form.</summary>
    public static List<string> Values(HttpRequest request, string name) =>
        request.Query[name].Concat(request.Query[name + "[]"]).OfType<string>().Where(v => v.Length > 0).ToList();

    /// <summary>A single read with Auth0's <c>fields</c>/<c>include_fields</c> applied.</summary>
    public static IResult Read(HttpRequest request, AdminResult<System.Text.Json.Nodes.JsonObject> result)
    {
        if (!List(request).TryGet(out var query, out var error) || !result.TryGet(out var view, out error))
        {
            return ManagementResults.Error(error);
        }

        return ManagementResults.Json(query.Fields.Apply(view));
    }
}
