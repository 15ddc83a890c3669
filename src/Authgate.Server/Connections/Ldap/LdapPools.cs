using System.Collections.Concurrent;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Connections.Ldap;

/// <summary>One <see cref="LdapPool"/> per <c>ad</c> connection, rebuilt when the connection changes.</summary>
internal sealed class LdapPools(SecretProtector protector) : IDisposable
{
    private readonly ConcurrentDictionary<string, LdapPool> pools = new(StringComparer.Ordinal);

    /// <summary>The pool for <paramref name="connection"/>; throws <see cref="LdapUnavailableException"/> when its options are unusable.</summary>
    public LdapPool For(Connection connection)
    {
        var fingerprint = $"{connection.UpdatedAt.Ticks}|{connection.OptionsJson.GetHashCode(StringComparison.Ordinal)}|{connection.SecretProtected}";
        if (pools.TryGetValue(connection.Id, out var pool) && pool.Fingerprint == fingerprint)
        {
            return pool;
        }

        var (options, error) = LdapConnectionOptions.Parse(connection.OptionsJson);
        if (options is null || error is not null || options.Validate(hasStoredPassword: connection.SecretProtected is not null).Count > 0)
        {
            throw new LdapUnavailableException($"The options of connection {connection.Name} are not usable.");
        }

        var password = connection.SecretProtected is { } secret ? protector.Unprotect(secret, SecretPurposes.LdapBindPassword) : null;
        var fresh = new LdapPool(options, password, fingerprint);
        var stored = pools.AddOrUpdate(connection.Id, fresh, (_, old) =>
        {
            if (old.Fingerprint == fingerprint)
            {
                return old;
            }

            old.Dispose();
            return fresh;
        });
        if (!ReferenceEquals(stored, fresh))
        {
            fresh.Dispose();
        }

        return stored;
    }

    public void Dispose()
    {
        foreach (var pool in pools.Values)
        {
            pool.Dispose();
        }
    }
}
