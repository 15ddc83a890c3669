using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Authgate.Connections.Ldap;

/// <summary>
/// Up to <c>pool_size</c> open connections to one directory, each used by one login at a time: bind as the service
/// account, search for the typed name, bind as the entry found with the typed password. A pooled connection left
/// bound as a user is bound again as the service account before its next search, so nothing is ever read as a
/// user. Every login gets <c>timeout_ms</c> in all (waiting for a connection included); past it the connection in
/// use is dropped, never reused.
/// </summary>
internal sealed class LdapPool : IDisposable
{
    private readonly LdapConnectionOptions options;
    private readonly string? bindPassword;
    private readonly string? caDirectory;
    private readonly string[] attributes;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentBag<Session> idle = [];
    private volatile bool disposed;

    public LdapPool(LdapConnectionOptions options, string? bindPassword, string fingerprint)
    {
        this.options = options;
        this.bindPassword = bindPassword;
        Fingerprint = fingerprint;
        caDirectory = options.TlsCaPem is { } pem ? CaDirectory(pem) : null;
        slots = new SemaphoreSlim(options.Pool, options.Pool);
        attributes = LdapConnectionOptions.ProfileFields.Keys.Select(options.AttributeFor).OfType<string>()
            .Concat(options.GroupsAttribute is { } groups ? [groups] : [])
            .Concat(["objectGUID", "entryUUID", "userAccountControl", "pwdAccountLockedTime"])
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>What the pool was built from; a changed connection gets a new pool.</summary>
    public string Fingerprint { get; }

    public async Task<LdapCheck> CheckAsync(string username, string password, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await slots.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LdapUnavailableException($"No free directory connection within {options.Timeout} ms.");
        }

        Session? session = null;
        var work = Task.Run(() =>
        {
            session = Take();
            try
            {
                return Check(session, username, password);
            }
            catch (LdapException e) when (session.Reused && e.ErrorCode is 81 or 91)
            {
                // The server closed an idle connection: try once on a new one.
                session.Connection.Dispose();
                session = Open();
                return Check(session, username, password);
            }
        }, CancellationToken.None);

        try
        {
            var result = await work.WaitAsync(timeout.Token);
            Return(session!);
            slots.Release();
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The blocked call ends by itself at the connection's own timeout; its connection is not reused.
            _ = work.ContinueWith(_ => Discard(session), TaskScheduler.Default);
            throw new LdapUnavailableException($"The directory did not answer within {options.Timeout} ms.");
        }
        catch (OperationCanceledException)
        {
            _ = work.ContinueWith(_ => Discard(session), TaskScheduler.Default);
            throw;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException or InvalidOperationException or PlatformNotSupportedException)
        {
            Discard(session);
            throw new LdapUnavailableException($"The directory could not be used: {e.Message}", e);
        }
    }

    private LdapCheck Check(Session session, string username, string password)
    {
        var connection = session.Connection;
        if (!session.BoundAsService)
        {
            if (options.BindDn is { } dn)
            {
                connection.AuthType = AuthType.Basic;
                connection.Bind(new NetworkCredential(dn, bindPassword));
            }
            else
            {
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
            }

            session.BoundAsService = true;
        }

        var request = new SearchRequest(options.UserSearchBase, LdapFilter.Build(options.Filter, username), SearchScope.Subtree, attributes) { SizeLimit = 2 };
        SearchResponse response;
        try
        {
            response = (SearchResponse)connection.SendRequest(request);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            // Two entries match the name: signing in as either would be a guess.
            return new LdapCheck(LdapVerdict.NotFound, null);
        }

        if (response.Entries.Count != 1)
        {
            return new LdapCheck(LdapVerdict.NotFound, null);
        }

        var entry = Read(response.Entries[0]);
        session.BoundAsService = false;
        try
        {
            connection.AuthType = AuthType.Basic;
            connection.Bind(new NetworkCredential(entry.Dn, password));
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            // Active Directory says why in "data NNN": 52e is a wrong password; the others come only with a right one.
            var code = e.ServerErrorMessage is { } message && message.IndexOf("data ", StringComparison.Ordinal) is var at and >= 0
                ? message.Substring(at + 5, Math.Min(3, message.Length - at - 5)) : null;
            return new LdapCheck(code is "530" or "531" or "532" or "533" or "534" or "701" or "773" or "775" ? LdapVerdict.Disabled : LdapVerdict.WrongPassword, entry);
        }

        return new LdapCheck(entry.Disabled ? LdapVerdict.Disabled : LdapVerdict.Success, entry);
    }

    private LdapEntry Read(SearchResultEntry entry)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<string> groups = [];
        string? guid = null;
        foreach (string name in entry.Attributes.AttributeNames)
        {
            var attribute = entry.Attributes[name];
            if (name.Equals("objectGUID", StringComparison.OrdinalIgnoreCase) && attribute.GetValues(typeof(byte[])) is [byte[] { Length: 16 } bytes, ..])
            {
                guid = new Guid(bytes).ToString();
            }
            else if (options.GroupsAttribute is { } groupsAttribute && name.Equals(groupsAttribute, StringComparison.OrdinalIgnoreCase))
            {
                groups = attribute.GetValues(typeof(string)).Cast<string>().Select(GroupName).Distinct(StringComparer.Ordinal).ToList();
            }
            else if (attribute.Count > 0 && attribute.GetValues(typeof(string)) is [string first, ..])
            {
                values[name] = first;
            }
        }

        // Active Directory: userAccountControl bit 2 is ACCOUNTDISABLE. OpenLDAP ppolicy: pwdAccountLockedTime.
        var disabled = (values.TryGetValue("userAccountControl", out var control) && int.TryParse(control, out var flags) && (flags & 2) != 0)
            || values.ContainsKey("pwdAccountLockedTime");
        var stableId = guid ?? values.GetValueOrDefault("entryUUID") ?? entry.DistinguishedName.ToLowerInvariant();
        return new LdapEntry(entry.DistinguishedName, stableId, values, groups, disabled);
    }

    /// <summary>A group DN's first RDN value (<c>cn=admins,ou=groups,…</c> → <c>admins</c>); other values as they are.</summary>
    public static string GroupName(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return value;
        }

        var end = eq + 1;
        while (end < value.Length && value[end] != ',')
        {
            end += value[end] == '\\' ? 2 : 1;
        }

        return value[(eq + 1)..Math.Min(end, value.Length)].Replace("\\,", ",", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }

    private Session Take() => idle.TryTake(out var session) ? session with { Reused = true } : Open();

    private Session Open()
    {
        var url = options.Url;
        var port = url.IsDefaultPort || url.Port < 0 ? (options.UsesLdaps ? 636 : 389) : url.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, port))
        {
            AuthType = AuthType.Anonymous,
            Timeout = TimeSpan.FromMilliseconds(options.Timeout),
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (!OperatingSystem.IsWindows() && caDirectory is not null)
            {
                connection.SessionOptions.TrustedCertificatesDirectory = caDirectory;
                connection.SessionOptions.StartNewTlsSessionContext();
            }

            if (options.UsesLdaps)
            {
                connection.SessionOptions.SecureSocketLayer = true;
            }
            else if (options.UsesStartTls)
            {
                // OpenLDAP's client connects on the first operation: an anonymous bind opens the connection, then
                // StartTLS secures it before any credential is sent.
                connection.Bind();
                connection.SessionOptions.StartTransportLayerSecurity(null);
            }

            return new Session(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Return(Session session)
    {
        if (disposed)
        {
            session.Connection.Dispose();
        }
        else
        {
            idle.Add(session with { Reused = false });
        }
    }

    private void Discard(Session? session)
    {
        session?.Connection.Dispose();
        if (!disposed)
        {
            slots.Release();
        }
    }

    /// <summary>The CA written once per content to a directory of its own: OpenLDAP's client reads trust anchors from a directory.</summary>
    private static string CaDirectory(string pem)
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-ldap-ca", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pem)))[..32]);
        var file = Path.Combine(directory, "ca.pem");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(directory);
            var temporary = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, pem);
            File.Move(temporary, file, overwrite: true);
        }

        return directory;
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var session))
        {
            session.Connection.Dispose();
        }
    }

    private sealed record Session(LdapConnection Connection)
    {
        public bool BoundAsService { get; set; }
        public bool Reused { get; init; }
    }
}
