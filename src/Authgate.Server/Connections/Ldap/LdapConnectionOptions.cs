using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Authgate.Connections.Ldap;

/// <summary>
/// The <c>options</c> of an <c>ad</c> connection (LDAP or Active Directory). <see cref="Validate"/> lists every
/// invalid field; the bind password is taken out before the options are stored (it is kept encrypted apart).
/// </summary>
internal sealed partial record LdapConnectionOptions
{
    public const int DefaultTimeoutMs = 5000;
    public const int DefaultPoolSize = 4;

    /// <summary>The profile fields an <c>attributes</c> map may name, with the LDAP attribute used when it does not.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ProfileFields = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["email"] = "mail",
        ["name"] = "cn",
        ["given_name"] = "givenName",
        ["family_name"] = "sn",
        ["nickname"] = "uid",
        ["username"] = "uid",
        ["picture"] = null,
    };

    [JsonPropertyName("ldap_url")] public string? LdapUrl { get; init; }
    [JsonPropertyName("start_tls")] public bool? StartTls { get; init; }
    [JsonPropertyName("tls_ca_pem")] public string? TlsCaPem { get; init; }
    [JsonPropertyName("bind_dn")] public string? BindDn { get; init; }
    [JsonPropertyName("bind_password")] public string? BindPassword { get; init; }
    [JsonPropertyName("user_search_base")] public string? UserSearchBase { get; init; }
    [JsonPropertyName("user_search_filter")] public string? UserSearchFilter { get; init; }
    [JsonPropertyName("attributes")] public Dictionary<string, string>? Attributes { get; init; }
    [JsonPropertyName("groups_attribute")] public string? GroupsAttribute { get; init; }
    [JsonPropertyName("timeout_ms")] public int? TimeoutMs { get; init; }
    [JsonPropertyName("pool_size")] public int? PoolSize { get; init; }

    public Uri Url => new(LdapUrl ?? throw new InvalidOperationException("ldap_url is required."));

    public bool UsesLdaps => Url.Scheme == "ldaps";

    /// <summary>StartTLS is on by default for <c>ldap://</c>: a bind password never crosses the network in clear unless asked.</summary>
    public bool UsesStartTls => !UsesLdaps && (StartTls ?? true);

    public string Filter => UserSearchFilter ?? LdapFilter.DefaultUserFilter;

    public int Timeout => TimeoutMs ?? DefaultTimeoutMs;

    public int Pool => PoolSize ?? DefaultPoolSize;

    /// <summary>The LDAP attribute for a profile field, or null when it is not mapped.</summary>
    public string? AttributeFor(string field) =>
        Attributes is not null && Attributes.TryGetValue(field, out var name) ? name : ProfileFields[field];

    /// <summary>Reads the options, or the error that makes them unreadable (a wrong type names the field).</summary>
    public static (LdapConnectionOptions? Options, FieldError? Error) Parse(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<LdapConnectionOptions>(json) ?? new LdapConnectionOptions(), null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "options";
            return (null, new FieldError(field, "has the wrong type"));
        }
    }

    /// <param name="hasStoredPassword">An update may leave out a bind password that is already stored.</param>
    public IReadOnlyList<FieldError> Validate(bool hasStoredPassword = false)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(LdapUrl))
        {
            errors.Add(new("ldap_url", "required (ldap://host[:port] or ldaps://host[:port])"));
        }
        else if (!Uri.TryCreate(LdapUrl, UriKind.Absolute, out var url) || url.Scheme is not ("ldap" or "ldaps") || url.Host.Length == 0
            || url.AbsolutePath is not ("" or "/") || url.Query.Length > 0 || url.UserInfo.Length > 0)
        {
            errors.Add(new("ldap_url", "must be ldap://host[:port] or ldaps://host[:port]"));
        }
        else if (url.Scheme == "ldaps" && StartTls == true)
        {
            errors.Add(new("start_tls", "applies to ldap:// URLs only (ldaps:// is TLS from the start)"));
        }

        if (TlsCaPem is { } pem)
        {
            try
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPem(pem);
                if (certificates.Count == 0)
                {
                    errors.Add(new("tls_ca_pem", "holds no PEM certificate"));
                }
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                errors.Add(new("tls_ca_pem", "is not a PEM certificate"));
            }
        }

        if (BindDn is not null && string.IsNullOrWhiteSpace(BindDn))
        {
            errors.Add(new("bind_dn", "must not be empty"));
        }

        if (BindDn is not null && BindPassword is null && !hasStoredPassword)
        {
            errors.Add(new("bind_password", "required with bind_dn"));
        }

        if (BindPassword is not null && BindDn is null)
        {
            errors.Add(new("bind_dn", "required with bind_password"));
        }

        if (BindPassword is { Length: 0 })
        {
            errors.Add(new("bind_password", "must not be empty (an empty password is an unauthenticated bind)"));
        }

        if (string.IsNullOrWhiteSpace(UserSearchBase))
        {
            errors.Add(new("user_search_base", "required (the DN under which users are searched)"));
        }

        if (UserSearchFilter is { } filter && (!filter.Contains("{0}", StringComparison.Ordinal) || !LdapFilter.IsWellFormed(filter)))
        {
            errors.Add(new("user_search_filter", "must be a parenthesised LDAP filter containing {0}"));
        }

        foreach (var (field, attribute) in Attributes ?? [])
        {
            if (!ProfileFields.ContainsKey(field))
            {
                errors.Add(new($"attributes.{field}", $"unknown profile field (one of {string.Join(", ", ProfileFields.Keys)})"));
            }
            else if (!AttributeName().IsMatch(attribute ?? ""))
            {
                errors.Add(new($"attributes.{field}", "must be an LDAP attribute name"));
            }
        }

        if (GroupsAttribute is { } groups && !AttributeName().IsMatch(groups))
        {
            errors.Add(new("groups_attribute", "must be an LDAP attribute name"));
        }

        if (TimeoutMs is < 100 or > 60_000)
        {
            errors.Add(new("timeout_ms", "must be between 100 and 60000"));
        }

        if (PoolSize is < 1 or > 64)
        {
            errors.Add(new("pool_size", "must be between 1 and 64"));
        }

        return errors;
    }

    /// <summary>An attribute description: a name (letters, digits, hyphens) or a numeric OID.</summary>
    [GeneratedRegex("^(?:[A-Za-z][A-Za-z0-9-]{0,127}|[0-9]+(?:\\.[0-9]+)+)$")]
    private static partial Regex AttributeName();
}
