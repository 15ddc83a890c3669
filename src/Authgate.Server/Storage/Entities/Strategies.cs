namespace Authgate.Storage.Entities;

/// <summary>Connection strategies that can check a password, and Auth0's <c>strategy_type</c> for each.</summary>
internal static class Strategies
{
    /// <summary>Authgate's own users (Auth0's database connections).</summary>
    public const string Auth0 = "auth0";

    /// <summary>An LDAP or Active Directory server.</summary>
    public const string Ad = "ad";

    /// <summary>The <c>strategy_type</c> of log events: <c>database</c> or <c>enterprise</c>.</summary>
    public static string TypeOf(string strategy) => strategy == Ad ? "enterprise" : "database";
}
