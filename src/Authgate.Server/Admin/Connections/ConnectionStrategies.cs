namespace Authgate.Admin.Connections;

/// <summary>The registered strategies by name; any other name in Auth0's list is stored without effect.</summary>
internal sealed class ConnectionStrategies(IEnumerable<IConnectionStrategy> strategies)
{
    /// <summary>Every <c>strategy</c> Auth0's Management API accepts (node-auth0 7.1.0).</summary>
    public static readonly string[] Known =
    [
        "ad", "adfs", "amazon", "apple", "dropbox", "bitbucket", "auth0-oidc", "auth0", "baidu", "bitly", "box", "custom", "daccount",
        "dwolla", "email", "evernote-sandbox", "evernote", "exact", "facebook", "fitbit", "github", "google-apps", "google-oauth2",
        "instagram", "ip", "line", "linkedin", "oauth1", "oauth2", "office365", "oidc", "okta", "paypal", "paypal-sandbox",
        "pingfederate", "planningcenter", "salesforce-community", "salesforce-sandbox", "salesforce", "samlp", "sharepoint", "shopify",
        "shop", "sms", "soundcloud", "thirtysevensignals", "twitter", "untappd", "vkontakte", "waad", "weibo", "windowslive",
        "wordpress", "yahoo", "yandex", "notion-mcp", "asana", "atlassian", "cloudflare-mcp", "gitlab", "hubspot-mcp", "linear-mcp",
        "sentry-mcp", "slack",
    ];

    private readonly Dictionary<string, IConnectionStrategy> byName = strategies.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IConnectionStrategy Find(string name) => byName.GetValueOrDefault(name) ?? new StoredOnlyStrategy(name);
}
