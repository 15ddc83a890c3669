using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.CustomDatabase;

/// <summary>
/// Two servers: "the old Auth0" (a second Authgate on a real Kestrel port, its issuer its own address, holding the users
/// to migrate) and the new Authgate, whose custom database connections reach it with fetch: <c>legacy</c> (import mode,
/// the sample migration scripts), <c>remote</c> (no import mode: every script goes to the old server), <c>table</c> (no
/// import mode, users in the script) and <c>flaky</c> (one failure per name). Shared by the test classes of the
/// <see cref="CustomDatabaseCollection"/>. Also a listener that accepts connections and never answers, and one that must never be reached.
/// </summary>
public sealed class CustomDatabaseFixture : IAsyncLifetime
{
    public const string Legacy = "legacy";
    public const string Remote = "remote";
    public const string Table = "table";
    public const string Flaky = "flaky";
    public const string OldConnection = TestTenant.Connection;
    public const string MiaEmail = "mia@old.test";
    public const string MiaPassword = "mia-old-password-1";
    public const string NoahEmail = "noah@old.test";
    public const string NoahPassword = "noah-old-password-1";
    public const string OliviaEmail = "olivia@old.test";
    public const string OliviaPassword = "olivia-old-password-1";
    public const string BlockedEmail = "barred@old.test";
    public const string TakenEmail = "taken@old.test";
    public const int FetchTimeoutMs = 2000;
    public const int ScriptTimeoutMs = 4000;

    private readonly TcpListener silent = new(IPAddress.Loopback, 0);
    private readonly TcpListener forbidden = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> held = [];

    public AuthgateFactory Old { get; private set; } = null!;

    public Uri OldUrl { get; private set; } = null!;

    public AuthgateFactory Server { get; private set; } = null!;

    /// <summary>Connections the listener that is in no allowlist accepted (must stay 0).</summary>
    public int ForbiddenConnections { get; private set; }

    public async Task InitializeAsync()
    {
        silent.Start();
        forbidden.Start();
        _ = AcceptAsync(silent, client => held.Add(client));
        _ = AcceptAsync(forbidden, client => { ForbiddenConnections++; client.Dispose(); });

        var port = OpenLdapServer.FreePort();
        OldUrl = new Uri($"http://127.0.0.1:{port}/");
        var oldTenant = TestTenant.Create();
        oldTenant.Users.Add(new() { Connection = OldConnection, Email = MiaEmail, Username = "mia", Password = MiaPassword, Name = "Mia Old", GivenName = "Mia", EmailVerified = true, AppMetadata = Json(new { plan = "gold" }), UserMetadata = Json(new { lang = "fr" }) });
        oldTenant.Users.Add(new() { Connection = OldConnection, Email = NoahEmail, Password = NoahPassword });
        oldTenant.Users.Add(new() { Connection = OldConnection, Email = OliviaEmail, Password = OliviaPassword });
        oldTenant.Users.Add(new() { Connection = OldConnection, Email = BlockedEmail, Password = OliviaPassword, Blocked = true });
        oldTenant.Users.Add(new() { Connection = OldConnection, Email = TakenEmail, Password = OliviaPassword, AppMetadata = Json(new { from = "old" }) });
        Old = new AuthgateFactory(oldTenant, new Dictionary<string, string?> { ["Authgate:Issuer"] = OldUrl.ToString() });
        Old.ListenOnLoopback(port);
        Old.StartServer();
        using (var warm = new HttpClient { BaseAddress = OldUrl })
        {
            // The first request pays for JIT and the first Argon2 setup; the scripts' fetches must not.
            await (await warm.PostFormAsync(Protocol.PasswordGrant(audience: null))).ShouldSucceedAsync();
        }

        var silentUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/";
        var forbiddenUrl = $"http://127.0.0.1:{((IPEndPoint)forbidden.LocalEndpoint).Port}/";
        var tenant = TestTenant.Create();
        tenant.Connections.Add(Connection(Legacy, new
        {
            enabledDatabaseCustomization = true,
            import_mode = true,
            customScripts = new { login = LegacyScripts.MigrationLogin, get_user = LegacyScripts.MigrationGetUser },
            configuration = OldConfiguration(),
            allowed_hosts = new[] { $"127.0.0.1:{port}" },
        }));
        tenant.Connections.Add(Connection(Remote, new
        {
            enabledDatabaseCustomization = true,
            customScripts = new
            {
                login = LegacyScripts.MigrationLogin,
                get_user = LegacyScripts.MigrationGetUser,
                create = LegacyScripts.RemoteCreate,
                change_password = LegacyScripts.RemoteChangePassword,
                delete = LegacyScripts.RemoteDelete,
            },
            configuration = OldConfiguration(),
            allowed_hosts = new[] { $"127.0.0.1:{port}" },
        }));
        tenant.Connections.Add(Connection(Table, new
        {
            enabledDatabaseCustomization = true,
            customScripts = new { login = LegacyScripts.TableLogin },
            configuration = new { TABLE_SECRET = "s3cret-table" },
        }));
        tenant.Connections.Add(Connection(Flaky, new
        {
            enabledDatabaseCustomization = true,
            customScripts = new { login = LegacyScripts.FlakyLogin },
            configuration = new
            {
                SILENT_URL = silentUrl,
                OTHER_PORT_URL = forbiddenUrl,
                OTHER_NAME_URL = $"http://localhost:{port}/.well-known/jwks.json",
            },
            allowed_hosts = new[] { $"127.0.0.1:{port}", $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}" },
        }));
        Server = new AuthgateFactory(tenant, new Dictionary<string, string?>
        {
            ["Authgate:Scripting:TimeoutMilliseconds"] = ScriptTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Authgate:Scripting:MaxStatements"] = "1000000000",
            ["Authgate:Scripting:FetchTimeoutMilliseconds"] = FetchTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private Dictionary<string, string> OldConfiguration() => new()
    {
        ["OLD_DOMAIN"] = OldUrl.ToString(),
        ["OLD_CONNECTION"] = OldConnection,
        ["OLD_CLIENT_ID"] = TestTenant.WebClientId,
        ["OLD_CLIENT_SECRET"] = TestTenant.WebClientSecret,
        ["OLD_MGMT_CLIENT_ID"] = AuthgateFactory.ManagementClientId,
        ["OLD_MGMT_CLIENT_SECRET"] = AuthgateFactory.ManagementClientSecret,
    };

    private static TenantFile.ConnectionSection Connection(string name, object options) =>
        new() { Name = name, Strategy = "auth0", EnabledClients = [TestTenant.WebClientId], Options = JsonSerializer.SerializeToElement(options) };

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private async Task AcceptAsync(TcpListener listener, Action<TcpClient> accepted)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                accepted(await listener.AcceptTcpClientAsync(stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        stop.Cancel();
        silent.Stop();
        forbidden.Stop();
        held.ForEach(c => c.Dispose());
        await Server.DisposeAsync();
        await Old.DisposeAsync();
        stop.Dispose();
    }
}
