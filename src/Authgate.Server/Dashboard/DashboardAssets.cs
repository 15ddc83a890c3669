namespace Authgate.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in the server (no wwwroot to ship or find): its stylesheet, its small
/// script and htmx, served from the dashboard's own path so the Content-Security-Policy can stay <c>'self'</c>.
/// </summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["htmx.min.js"] = "text/javascript; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Files = Types.Keys.ToDictionary(name => name, Load, StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder routes, string path) =>
        routes.MapGet(path + "/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var bytes))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(bytes, Types[name]);
        });

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Authgate.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
