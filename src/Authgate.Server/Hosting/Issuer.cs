using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Authgate.Hosting;

/// <summary>
/// The tenant's issuer with its trailing slash, as Auth0 SDKs compute it from the domain. Resolved once, lazily,
/// because with <c>--urls http://127.0.0.1:0</c> the port is only known after Kestrel has bound.
/// </summary>
internal sealed class Issuer(IOptions<AuthgateOptions> options, IServer server, IConfiguration configuration, IHostApplicationLifetime lifetime)
{
    private string? value;
    private string? host;

    public string Value => value ??= Resolve();

    /// <summary>The issuer's host: the tenant's name in script events (<c>event.tenant.id</c>).</summary>
    public string Host => host ??= new Uri(Value).Host;

    /// <summary>The audience that makes an access token valid at <c>/userinfo</c>.</summary>
    public string UserInfoAudience => Value + "userinfo";

    public string Url(string path) => Value + path.TrimStart('/');

    /// <summary>
    /// The issuer when it can be known without fixing it too early: configured, or the server has bound. Null while
    /// a server started with port 0 is still starting (seeding runs before Kestrel binds).
    /// </summary>
    public string? ValueIfKnown =>
        value is not null || !string.IsNullOrWhiteSpace(options.Value.Issuer) || lifetime.ApplicationStarted.IsCancellationRequested
            ? Value
            : null;

    private string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Issuer))
        {
            return Normalize(options.Value.Issuer);
        }

        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var first = bound ?? configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return Normalize(first ?? "http://localhost:5080");
    }

    internal static string Normalize(string url)
    {
        var uri = new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal));
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
    }
}
