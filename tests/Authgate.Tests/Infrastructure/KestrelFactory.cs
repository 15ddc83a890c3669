using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Infrastructure;

/// <summary>The test server on a real Kestrel socket (raw bytes, real route decoding), shared by a test class.</summary>
public sealed class KestrelFactory : IAsyncLifetime
{
    public AuthgateFactory Factory { get; } = new();

    public Uri Server { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public HttpClient Client() => new() { BaseAddress = Server };

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        Server = new Uri(Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = Client();
        AdminToken = await Management.TokenAsync(http);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
