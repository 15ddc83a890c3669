using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Ldap;

/// <summary>
/// The test tenant plus LDAP connections, from a tenant file, against the shared OpenLDAP server: StartTLS with the
/// test CA, ldaps, a wrong CA, a closed port, and a listener that accepts connections and never answers.
/// </summary>
public sealed class LdapFixture : IDisposable
{
    public const string Corp = "corp-ldap";
    public const string CorpLdaps = "corp-ldaps";
    public const string WrongCa = "corp-wrong-ca";
    public const string NoCa = "corp-no-ca";
    public const string Down = "corp-down";
    public const string Slow = "corp-slow";
    public const int SlowTimeoutMs = 600;

    private readonly TcpListener silent = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public LdapFixture()
    {
        var ldap = OpenLdapServer.Shared;
        silent.Start();
        _ = HoldConnectionsAsync();
        var tenant = TestTenant.Create();
        TenantFile.ConnectionSection Connection(string name, Dictionary<string, object?> options) =>
            new() { Name = name, Strategy = "ad", EnabledClients = [TestTenant.WebClientId, TestTenant.RotatingClientId], Options = JsonSerializer.SerializeToElement(options) };
        tenant.Connections.Add(Connection(Corp, ldap.Options()));
        tenant.Connections.Add(Connection(CorpLdaps, ldap.Options(o => { o["ldap_url"] = ldap.LdapsUrl; o.Remove("start_tls"); })));
        tenant.Connections.Add(Connection(WrongCa, ldap.Options(o => o["tls_ca_pem"] = ldap.OtherCaPem)));
        tenant.Connections.Add(Connection(NoCa, ldap.Options(o => o.Remove("tls_ca_pem"))));
        tenant.Connections.Add(Connection(Down, ldap.Options(o => { o["ldap_url"] = $"ldap://127.0.0.1:{OpenLdapServer.FreePort()}"; o["start_tls"] = false; })));
        tenant.Connections.Add(Connection(Slow, ldap.Options(o => { o["ldap_url"] = $"ldap://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"; o["start_tls"] = false; o["timeout_ms"] = SlowTimeoutMs; })));
        Factory = new AuthgateFactory(tenant);
    }

    public AuthgateFactory Factory { get; }

    public OpenLdapServer Ldap => OpenLdapServer.Shared;

    /// <summary>A directory that accepts the TCP connection and then says nothing.</summary>
    private async Task HoldConnectionsAsync()
    {
        var held = new List<TcpClient>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        silent.Stop();
        Factory.Dispose();
        stop.Dispose();
    }
}
