namespace Authgate.Bench;

/// <summary>
/// The HTTP ceiling's server: Kestrel as Authgate configures it, one endpoint that reads a form and writes JSON
/// (<c>/noop</c>), and one that also signs the RS256 ceiling's token into its answer (<c>/sign</c>): the most any
/// token grant can reach on this host, since every grant does at least that.
/// </summary>
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

        using var signer = new Ceilings.Rs256TokenSigner();
        app.MapPost("/sign", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            context.Response.Headers.CacheControl = "no-store";
            var token = signer.Sign(form["client_id"].ToString());
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 86400 });
        });
        await app.RunAsync();
    }
}
