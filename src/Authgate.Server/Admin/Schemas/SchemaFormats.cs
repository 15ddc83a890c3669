using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Authgate.Admin.Schemas;

/// <summary>
/// The string formats Auth0's schemas name (<c>callback-url</c>, <c>absolute-uri-or-empty</c>, <c>email</c>, …). A
/// failure reads <c>Object didn't pass validation for format {format}: {value}</c>. URL formats allow Auth0's
/// placeholders (<c>{organization_name}</c>) and wildcards (<c>*</c>).
/// </summary>
internal static partial class SchemaFormats
{
    public const string Email = "email";
    public const string EmailOrEmpty = "email-or-empty";
    public const string AbsoluteUriOrEmpty = "absolute-uri-or-empty";
    public const string AbsoluteHttpsUriOrEmpty = "absolute-https-uri-or-empty";
    public const string HttpsUriWithPlaceholdersOrEmpty = "absolute-https-uri-with-placeholders-or-empty";
    public const string CallbackUrl = "callback-url";
    public const string UrlWithPlaceholders = "url-with-placeholders";
    public const string Url = "url";
    public const string UrlOrNull = "url-or-null";
    public const string StrictUri = "strict-uri";
    public const string Uri = "uri";
    public const string DateTime = "date-time";
    public const string Hostname = "hostname";
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
    public const string Cidr = "cidr";
    public const string Ipv6Cidr = "ipv6_cidr";
    public const string ClientId = "client-id";
    public const string ConnectionRealm = "connection-realm";
    public const string OrganizationId = "organization-id";
    public const string CredentialId = "credential-id";
    public const string Hexadecimal = "hexadecimal";

    public static bool IsValid(string format, string value) => format switch
    {
        Email => IsEmail(value),
        EmailOrEmpty => value.Length == 0 || IsEmail(value),
        AbsoluteUriOrEmpty => value.Length == 0 || IsAbsolute(value, httpsOnly: false),
        AbsoluteHttpsUriOrEmpty => value.Length == 0 || IsAbsolute(value, httpsOnly: true),
        HttpsUriWithPlaceholdersOrEmpty => value.Length == 0 || IsAbsolute(Fill(value), httpsOnly: true),
        CallbackUrl or UrlWithPlaceholders => IsAbsolute(Fill(value), httpsOnly: false),
        Url or UrlOrNull or StrictUri => IsWebUrl(value),
        Uri => IsAbsolute(value, httpsOnly: false),
        DateTime => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && value.Contains('T', StringComparison.Ordinal),
        Hostname => value.Length <= 253 && System.Uri.CheckHostName(value) == UriHostNameType.Dns,
        Ipv4 => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        Ipv6 => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        Cidr => IsCidr(value, System.Net.Sockets.AddressFamily.InterNetwork, 32),
        Ipv6Cidr => IsCidr(value, System.Net.Sockets.AddressFamily.InterNetworkV6, 128),
        ClientId => ClientIdPattern().IsMatch(value),
        ConnectionRealm => value.Length is > 0 and <= 255 && !value.Any(char.IsWhiteSpace),
        OrganizationId => OrganizationIdPattern().IsMatch(value),
        CredentialId => CredentialIdPattern().IsMatch(value),
        Hexadecimal => value.All(char.IsAsciiHexDigit),
        _ => true,
    };

    private static bool IsEmail(string value) =>
        value.Length <= 320 && value.IndexOf('@', StringComparison.Ordinal) > 0 && !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address) && address.Address == value;

    private static bool IsAbsolute(string value, bool httpsOnly) =>
        !value.Any(char.IsWhiteSpace) && SchemePattern().IsMatch(value)
        && System.Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (!httpsOnly || uri.Scheme == System.Uri.UriSchemeHttps);

    private static bool IsWebUrl(string value) =>
        IsAbsolute(value, httpsOnly: false) && System.Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == System.Uri.UriSchemeHttp || uri.Scheme == System.Uri.UriSchemeHttps) && uri.Host.Length > 0;

    /// <summary>Placeholders and wildcards replaced by a plain label, so the rest can be checked as a URL.</summary>
    private static string Fill(string value) => PlaceholderPattern().Replace(value, "x").Replace('*', 'x');

    private static bool IsCidr(string value, System.Net.Sockets.AddressFamily family, int maxPrefix)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && IPAddress.TryParse(value.AsSpan(0, slash), out var address) && address.AddressFamily == family
            && int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= maxPrefix;
    }

    /// <summary>An explicit scheme: on Linux <see cref="System.Uri"/> would take "/path" for an absolute file URI.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^org_[A-Za-z0-9]{1,64}$")]
    private static partial Regex OrganizationIdPattern();

    [GeneratedRegex("^cred_[A-Za-z0-9]{1,64}$")]
    private static partial Regex CredentialIdPattern();
}
