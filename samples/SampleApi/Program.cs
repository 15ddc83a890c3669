using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace SampleApi;

/// <summary>
/// The seed's "Call API" step: an API protected by Authgate access tokens, configured only with the authority
/// (the issuer; keys come from its discovery document) and the audience (the API identifier).
/// </summary>
public sealed class Program
{
    public const string ReadScopePolicy = "read:sample";

    private Program()
    {
    }

    public static void Main(string[] args) => CreateApp(args).Run();

    public static WebApplication CreateApp(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IConfiguration>((options, configuration) =>
        {
            options.Authority = configuration["Auth:Authority"] ?? "http://localhost:5080/";
            options.Audience = configuration["Auth:Audience"] ?? "https://api.sample.test/";
            // Plain http is only for a local Authgate; a real deployment serves its issuer over https.
            options.RequireHttpsMetadata = options.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            // Keep claim names as they are in the token (sub, scope) instead of .NET's long URIs.
            options.MapInboundClaims = false;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadScopePolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                context.User.FindFirst("scope")?.Value.Split(' ').Contains("read:sample") == true));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/api/public", () => Results.Ok(new { message = "Hello from a public endpoint! You don't need to be authenticated to see this." }));
        app.MapGet("/api/private", (HttpContext context) => Results.Ok(new
        {
            message = "Hello from a private endpoint! You need to be authenticated to see this.",
            sub = context.User.FindFirst("sub")?.Value,
        })).RequireAuthorization();
        app.MapGet("/api/private-scoped", (HttpContext context) => Results.Ok(new
        {
            message = "Hello from a private endpoint! You need to be authenticated and have a scope of read:sample to see this.",
            sub = context.User.FindFirst("sub")?.Value,
        })).RequireAuthorization(ReadScopePolicy);

        return app;
    }
}
