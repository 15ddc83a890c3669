using System.Text.Json;
using System.Text.Json.Serialization;
using Authgate.OAuth;
using Authgate.Security;

namespace Authgate.Tenants;

/// <summary>
/// The tenant created on a first start without a seed file: the seed's prerequisites (a regular web app with the
/// Password grant and a callback, an API with two scopes and offline access, a database connection set as the
/// default directory) and one user. Secrets are random and saved, for the owner only, in the data directory.
/// </summary>
internal static class DemoTenant
{
    public const string FileName = "demo-credentials.json";
    public const string ConnectionName = "Username-Password-Authentication";
    public const string Audience = "https://api.sample.test/";

    public sealed record Credentials(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_secret")] string ClientSecret,
        [property: JsonPropertyName("username")] string Username,
        [property: JsonPropertyName("password")] string Password,
        [property: JsonPropertyName("audience")] string Audience,
        [property: JsonPropertyName("realm")] string Realm);

    public static (TenantFile File, Credentials Credentials) Create()
    {
        var credentials = new Credentials(RandomValues.ClientId(), RandomValues.Secret(), "demo@example.com", RandomValues.Password(), Audience, ConnectionName);
        var file = new TenantFile
        {
            Tenant = new TenantFile.TenantSection { FriendlyName = "Authgate demo", DefaultDirectory = ConnectionName },
            ResourceServers =
            [
                new TenantFile.ResourceServerSection
                {
                    Name = "Sample API",
                    Identifier = Audience,
                    SigningAlg = "RS256",
                    AllowOfflineAccess = true,
                    Scopes =
                    [
                        new TenantFile.ScopeSection { Value = "read:sample", Description = "Read samples" },
                        new TenantFile.ScopeSection { Value = "write:sample", Description = "Write samples" },
                    ],
                },
            ],
            Clients =
            [
                new TenantFile.ClientSection
                {
                    Name = "Demo Web App",
                    ClientId = credentials.ClientId,
                    ClientSecret = credentials.ClientSecret,
                    AppType = "regular_web",
                    TokenEndpointAuthMethod = "client_secret_post",
                    GrantTypes = [GrantTypes.Password, GrantTypes.PasswordRealm, GrantTypes.RefreshToken],
                    Callbacks = ["http://localhost:3000/callback"],
                },
            ],
            Connections =
            [
                new TenantFile.ConnectionSection { Name = ConnectionName, Strategy = "auth0", EnabledClients = [credentials.ClientId] },
            ],
            Users =
            [
                new TenantFile.UserSection
                {
                    Connection = ConnectionName,
                    Email = credentials.Username,
                    Username = "demo",
                    EmailVerified = true,
                    Password = credentials.Password,
                },
            ],
        };
        return (file, credentials);
    }

    public static void Save(string dataDirectory, Credentials credentials)
    {
        Security.PrivateFiles.CreateDirectory(dataDirectory);
        using var stream = new FileStream(Path.Combine(dataDirectory, FileName), Security.PrivateFiles.NewFile(FileMode.Create));
        JsonSerializer.Serialize(stream, credentials, TenantFile.JsonOptions);
    }

    public static Credentials? Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<Credentials>(File.ReadAllText(path)) : null;
    }

    /// <summary>
    /// What a newcomer needs to try the seed's request right away. With <paramref name="showSecrets"/> false
    /// (Production: standard output ends up in journald and container logs) the curl reads them from the file.
    /// </summary>
    public static string Banner(string issuer, Credentials c, string credentialsPath, bool showSecrets)
    {
        var secret = showSecrets ? c.ClientSecret : $"$(jq -r .client_secret {credentialsPath})";
        var password = showSecrets ? c.Password : $"$(jq -r .password {credentialsPath})";
        var listing = showSecrets
            ? $"""
                  client_id:     {c.ClientId}
                  client_secret: {c.ClientSecret}
                  user:          {c.Username}
                  password:      {c.Password}
                  audience:      {c.Audience}
              """
            : $"""
                  client_id:     {c.ClientId}
                  user:          {c.Username}
                  audience:      {c.Audience}
                  (the client secret and the password are in the file, readable by this user only)
              """;
        return $"""

            Demo tenant (credentials saved in {credentialsPath}):
            {listing}

            Request tokens (the seed's step 2):
              curl --request POST \
                --url '{issuer}oauth/token' \
                --header 'content-type: application/x-www-form-urlencoded' \
                --data grant_type=password \
                --data 'username={c.Username}' \
                --data "password={password}" \
                --data 'audience={c.Audience}' \
                --data scope=read:sample \
                --data 'client_id={c.ClientId}' \
                --data "client_secret={secret}"

            """;
    }
}
