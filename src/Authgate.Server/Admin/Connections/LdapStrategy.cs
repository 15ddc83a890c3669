using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;
using Authgate.Connections.Ldap;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Connections;

/// <summary>
/// <c>strategy: ad</c>, LDAP and Active Directory connections: Auth0's documented AD connector options (stored) and the
/// options Authgate's own LDAP client uses (<see cref="LdapConnectionOptions"/>, which checks them). The
/// <c>bind_password</c> is taken out of the options and kept encrypted in the connection's secret; an update without
/// one keeps the stored password; it is never returned, and only a tenant export puts it back.
/// </summary>
internal sealed class LdapStrategy(SecretProtector protector) : IConnectionStrategy
{
    public const string BindPassword = "bind_password";

    public string Name => Strategies.Ad;

    private static ArraySchema Strings(int min, int max, int items) => Schema.Array(Schema.String().Length(min, max)).Max(items);

    public ObjectSchema Options { get; } = Schema.Open(new()
    {
        // Authgate's LDAP client.
        { "ldap_url", Schema.String() },
        { "start_tls", Schema.Boolean() },
        { "tls_ca_pem", Schema.String() },
        { "bind_dn", Schema.String() },
        { BindPassword, Schema.String() },
        { "user_search_base", Schema.String() },
        { "user_search_filter", Schema.String() },
        { "attributes", Schema.Map(Schema.String()) },
        { "groups_attribute", Schema.String() },
        { "timeout_ms", Schema.Integer() },
        { "pool_size", Schema.Integer() },
        // Auth0's AD/LDAP connector options, stored without effect.
        { "non_persistent_attrs", Schema.Array(Schema.String().Max(255)).Max(96) },
        { "agentIP", Schema.String().Length(2, 39) },
        { "agentMode", Schema.Boolean() },
        { "agentVersion", Schema.String().Length(5, 12) },
        { "brute_force_protection", Schema.Boolean() },
        { "certAuth", Schema.Boolean() },
        { "certs", Strings(256, 3072, 2) },
        { "disable_cache", Schema.Boolean() },
        { "disable_self_service_change_password", Schema.Boolean() },
        { "domain_aliases", Strings(1, 255, 1000) },
        { "icon_url", Schema.String().Length(8, 255).Matching("^https:\\/\\/.*") },
        { "ips", Strings(2, 39, 256) },
        { "kerberos", Schema.Boolean() },
        { "set_user_root_attributes", Schema.Enum("on_each_login", "on_first_login", "never_on_login") },
        { "signInEndpoint", Schema.String().Length(8, 255).Matching("^https:\\/\\/.*") },
        { "tenant_domain", Schema.String().Length(1, 512).Formatted(SchemaFormats.Hostname) },
        { "thumbprints", Schema.Array(Schema.String().Length(40, 40).Formatted(SchemaFormats.Hexadecimal)).Max(2) },
        { "upstream_params", Schema.Open(new()).OrNull() },
    });

    public IReadOnlyList<Schemas.FieldError> Check(JsonObject options, bool hasStoredSecret)
    {
        var (ldap, error) = LdapConnectionOptions.Parse(options.ToJsonString());
        var errors = ldap is null ? [error ?? new Authgate.Connections.Ldap.FieldError("options", "is not readable")] : ldap.Validate(hasStoredPassword: hasStoredSecret);
        return errors.Select(e => Schemas.FieldError.At(e.Field, e.Message)).ToList();
    }

    public (JsonObject Options, string? SecretProtected) Store(JsonObject options, string? storedSecret)
    {
        var stored = AdminJson.Copy(options);
        var password = stored.String(BindPassword);
        stored.Remove(BindPassword);
        var secret = password is not null ? protector.Protect(password, SecretPurposes.LdapBindPassword)
            : stored.String("bind_dn") is null ? null : storedSecret;
        return (stored, secret);
    }

    public JsonObject Reveal(JsonObject stored, string? secretProtected)
    {
        var options = AdminJson.Copy(stored);
        if (secretProtected is not null)
        {
            options[BindPassword] = protector.Unprotect(secretProtected, SecretPurposes.LdapBindPassword);
        }

        return options;
    }
}
