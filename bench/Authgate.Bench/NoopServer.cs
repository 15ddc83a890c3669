namespace Authgate.Bench;

/// <summary>The HTTP ceiling's server: Kestrel as Authgate configures it, one endpoint that reads a form and writes JSON.</summary>
public static class NoopServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/noop", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { ok = form.Count });
        });
        await app.RunAsync();
    }
}
