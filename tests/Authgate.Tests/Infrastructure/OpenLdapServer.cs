using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// A throwaway OpenLDAP server (Debian <c>slapd</c>, filled with <c>ldapadd</c> from <c>ldap-utils</c>) in a temporary
/// directory, listening on free loopback ports for <c>ldap://</c> (StartTLS) and <c>ldaps://</c> with a server
/// certificate from a test CA made by openssl. The <c>memberof</c> overlay keeps <c>memberOf</c>; a small schema adds
/// Active Directory's <c>userAccountControl</c> for the disabled account. One server serves the suite; removed when
/// the test process exits.
/// </summary>
public sealed class OpenLdapServer : IDisposable
{
    public const string BaseDn = "dc=example,dc=test";
    public const string PeopleDn = "ou=people," + BaseDn;
    public const string ServiceDn = "cn=service," + BaseDn;
    public const string ServicePassword = "service-pass-0123";
    public const string AlicePassword = "Alice-directory-pass-1";
    public const string BobPassword = "Bob-directory-pass-2";
    public const string CarolPassword = "Carol-directory-pass-3";
    public const string OddPassword = "Odd-directory-pass-4";
    /// <summary>A uid holding every character RFC 4515 escapes except NUL.</summary>
    public const string OddUid = @"we*rd(na)me\x";

    private static readonly Lazy<OpenLdapServer> SharedServer = new(() => new OpenLdapServer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string directory;
    private bool disposed;

    public OpenLdapServer()
    {
        directory = Path.Combine(Path.GetTempPath(), "authgate-ldap-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(directory, "db"));
        Port = FreePort();
        LdapsPort = FreePort();
        MakeCertificates();
        File.WriteAllText(Path.Combine(directory, "test.schema"), """
            attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
            objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'authgateTestAccount' AUXILIARY MAY ( userAccountControl ) )
            """);
        File.WriteAllText(Path.Combine(directory, "slapd.conf"), $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include {directory}/test.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            moduleload memberof
            pidfile {directory}/slapd.pid
            TLSCACertificateFile {directory}/ca.pem
            TLSCertificateFile {directory}/server.pem
            TLSCertificateKeyFile {directory}/server.key
            database mdb
            maxsize 10485760
            suffix "{BaseDn}"
            rootdn "cn=admin,{BaseDn}"
            rootpw admin-secret
            directory {directory}/db
            overlay memberof
            """);
        // slapd runs in the foreground under a small watchdog that stops it when this test process is gone, however
        // it ends (a killed test host runs no exit handler), so no directory outlives the suite.
        var watchdog = $"\"$0\" -f \"$1\" -h \"$2\" -d 0 >/dev/null 2>&1 & s=$!; while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $s 2>/dev/null; do sleep 1; done; kill $s 2>/dev/null";
        using (Process.Start(new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", watchdog, Slapd, Path.Combine(directory, "slapd.conf"), $"ldap://127.0.0.1:{Port}/ ldaps://127.0.0.1:{LdapsPort}/" },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start slapd."))
        {
        }

        WaitUntilListening();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        var ldif = Path.Combine(directory, "data.ldif");
        File.WriteAllText(ldif, Data);
        Run("ldapadd", "-x", "-H", $"ldap://127.0.0.1:{Port}", "-D", $"cn=admin,{BaseDn}", "-w", "admin-secret", "-f", ldif);
    }

    public static OpenLdapServer Shared => SharedServer.Value;

    public int Port { get; }

    public int LdapsPort { get; }

    public string Url => $"ldap://127.0.0.1:{Port}";

    public string LdapsUrl => $"ldaps://127.0.0.1:{LdapsPort}";

    /// <summary>The test CA that signed the server's certificate.</summary>
    public string CaPem => File.ReadAllText(Path.Combine(directory, "ca.pem"));

    /// <summary>Another CA, which did not sign the server's certificate.</summary>
    public string OtherCaPem => File.ReadAllText(Path.Combine(directory, "other-ca.pem"));

    /// <summary>The <c>ad</c> options for this server: StartTLS with the test CA, the service account, memberOf groups.</summary>
    public Dictionary<string, object?> Options(Action<Dictionary<string, object?>>? change = null)
    {
        var options = new Dictionary<string, object?>
        {
            ["ldap_url"] = Url,
            ["start_tls"] = true,
            ["tls_ca_pem"] = CaPem,
            ["bind_dn"] = ServiceDn,
            ["bind_password"] = ServicePassword,
            ["user_search_base"] = PeopleDn,
            ["groups_attribute"] = "memberOf",
            ["timeout_ms"] = 3000,
            ["pool_size"] = 4,
        };
        change?.Invoke(options);
        return options;
    }

    /// <summary>The directory's own bind time for a user, with <c>ldapwhoami</c> over StartTLS (for the benchmark).</summary>
    public string Whoami(string dn, string password) =>
        Run("ldapwhoami", "-x", "-H", Url, "-D", dn, "-w", password);

    /// <summary>Replaces one attribute of an entry, as the directory's administrator.</summary>
    public void Modify(string dn, string attribute, string value)
    {
        var ldif = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".ldif");
        File.WriteAllText(ldif, $"dn: {dn}\nchangetype: modify\nreplace: {attribute}\n{attribute}: {value}\n");
        Run("ldapmodify", "-x", "-H", Url, "-D", $"cn=admin,{BaseDn}", "-w", "admin-secret", "-f", ldif);
    }

    private static string Data => $"""
        dn: {BaseDn}
        objectClass: dcObject
        objectClass: organization
        o: Example
        dc: example

        dn: {PeopleDn}
        objectClass: organizationalUnit
        ou: people

        dn: ou=groups,{BaseDn}
        objectClass: organizationalUnit
        ou: groups

        dn: {ServiceDn}
        objectClass: person
        cn: service
        sn: service
        userPassword: {ServicePassword}

        dn: uid=alice,{PeopleDn}
        objectClass: inetOrgPerson
        objectClass: authgateTestAccount
        uid: alice
        cn: Alice Liddell
        sn: Liddell
        givenName: Alice
        mail: alice@corp.test
        userPassword: {AlicePassword}
        userAccountControl: 512

        dn: uid=bob,{PeopleDn}
        objectClass: inetOrgPerson
        uid: bob
        cn: Bob Builder
        sn: Builder
        mail: bob@corp.test
        userPassword: {BobPassword}

        dn: uid=carol,{PeopleDn}
        objectClass: inetOrgPerson
        objectClass: authgateTestAccount
        uid: carol
        cn: Carol Disabled
        sn: Disabled
        mail: carol@corp.test
        userPassword: {CarolPassword}
        userAccountControl: 514

        dn: cn=odd,{PeopleDn}
        objectClass: inetOrgPerson
        uid: {OddUid}
        cn: odd
        sn: Odd
        mail: odd@corp.test
        userPassword: {OddPassword}

        dn: cn=admins,ou=groups,{BaseDn}
        objectClass: groupOfNames
        cn: admins
        member: uid=alice,{PeopleDn}

        dn: cn=engineering,ou=groups,{BaseDn}
        objectClass: groupOfNames
        cn: engineering
        member: uid=alice,{PeopleDn}
        member: uid=bob,{PeopleDn}

        """;

    private void MakeCertificates()
    {
        string F(string name) => Path.Combine(directory, name);
        Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", F("ca.key"), "-out", F("ca.pem"), "-days", "2",
            "-subj", "/CN=Authgate Test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", F("other-ca.key"), "-out", F("other-ca.pem"), "-days", "2",
            "-subj", "/CN=Authgate Other CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", F("server.key"), "-out", F("server.csr"), "-subj", "/CN=localhost");
        File.WriteAllText(F("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n");
        Run("openssl", "x509", "-req", "-in", F("server.csr"), "-CA", F("ca.pem"), "-CAkey", F("ca.key"), "-CAcreateserial", "-out", F("server.pem"), "-days", "2", "-extfile", F("ext.cnf"));
    }

    private static string Slapd => File.Exists("/usr/sbin/slapd") ? "/usr/sbin/slapd"
        : throw new InvalidOperationException("slapd is not installed; run .ci/run or apt-get install slapd ldap-utils.");

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            var pidFile = Path.Combine(directory, "slapd.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                using var slapd = Process.GetProcessById(pid);
                slapd.Kill();
                slapd.WaitForExit(10_000);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WaitUntilListening()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"slapd did not listen on port {Port} within 60 s.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output.Result}{error.Result}");
        }

        return output.Result;
    }
}
