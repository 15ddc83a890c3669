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
        Factory.ListenOnLoopback();
        Factory.StartServer();
        Server = Factory.ServerAddress;
        using var http = Client();
        AdminToken = await Management.TokenAsync(http);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
