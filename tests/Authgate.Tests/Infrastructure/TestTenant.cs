using Authgate.Tenants;

namespace Authgate.Tests.Infrastructure;

/// <summary>The tenant most tests run against, applied through the same seed-file path a user would use.</summary>
public static class TestTenant
{
    public const string Connection = "Username-Password-Authentication";
    public const string EmployeesConnection = "employees";
    public const string DisabledConnection = "disabled";
    public const string Api = "https://api.test/";
    public const string HsApi = "https://hs-api.test/";
    public const string HsApiSecret = "hs-api-signing-secret-0123456789-abcdefghij";
    public const string WebClientId = "webAppClientId000000000000000001";
    public const string WebClientSecret = "web-app-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    public const string HsClientId = "hsIdTokenClient00000000000000002";
    public const string HsClientSecret = "hs-id-token-client-secret-0123456789-abcdefghijkl";
    public const string PublicClientId = "nativeAppClientId000000000000003";
    public const string MachineClientId = "machineClientId00000000000000004";
    public const string MachineClientSecret = "machine-client-secret-0123456789-abcdefghijklmn";
    public const string RotatingClientId = "rotatingClientId0000000000000005";
    public const string RotatingClientSecret = "rotating-client-secret-0123456789-abcdefghijklm";
    public const string LeewayClientId = "leewayClientId000000000000000006";
    public const string LeewayClientSecret = "leeway-client-secret-0123456789-abcdefghijklmno";
    public const int RotatingLifetime = 3600;
    public const int RotatingIdleLifetime = 600;
    public const int Leeway = 30;
    public const string BackendClientId = "backendClientId00000000000000007";
    public const string BackendClientSecret = "backend-client-secret-0123456789-abcdefghijklmn";
    public const string JaneEmail = "jane@example.test";
    public const string JaneUsername = "jane";
    public const string JanePassword = "correct horse battery staple 42";
    public const string BlockedEmail = "blocked@example.test";
    public const string EmployeeEmail = "erin@corp.test";
    public const string Password = "Another-good-passw0rd";

    public static TenantFile Create(string? defaultDirectory = Connection, string? defaultAudience = null) => new()
    {
        Tenant = new TenantFile.TenantSection { FriendlyName = "Test tenant", DefaultDirectory = defaultDirectory, DefaultAudience = defaultAudience },
        ResourceServers =
        [
            new() { Name = "Test API", Identifier = Api, SigningAlg = "RS256", TokenLifetime = 7200, AllowOfflineAccess = true, Scopes = [new() { Value = "read:sample" }, new() { Value = "write:sample" }] },
            new() { Name = "HS API", Identifier = HsApi, SigningAlg = "HS256", SigningSecret = HsApiSecret, Scopes = [new() { Value = "read:hs" }] },
        ],
        Clients =
        [
            new() { Name = "Web", ClientId = WebClientId, ClientSecret = WebClientSecret, AppType = "regular_web", GrantTypes = ["password", "http://auth0.com/oauth/grant-type/password-realm", "refresh_token"], Callbacks = ["https://app.test/callback"] },
            new() { Name = "HS ID tokens", ClientId = HsClientId, ClientSecret = HsClientSecret, AppType = "regular_web", GrantTypes = ["password"], Callbacks = ["https://hs.test/callback"], JwtConfiguration = new() { Alg = "HS256", LifetimeInSeconds = 600 } },
            new() { Name = "Native", ClientId = PublicClientId, AppType = "native", TokenEndpointAuthMethod = "none", GrantTypes = ["password", "refresh_token"] },
            new()
            {
                Name = "Rotating", ClientId = RotatingClientId, ClientSecret = RotatingClientSecret, AppType = "regular_web", Callbacks = ["https://rot.test/cb"],
                GrantTypes = ["password", "refresh_token"],
                RefreshToken = new() { RotationType = "rotating", ExpirationType = "expiring", Leeway = 0, TokenLifetime = RotatingLifetime, IdleTokenLifetime = RotatingIdleLifetime },
            },
            new()
            {
                Name = "Backend", ClientId = BackendClientId, ClientSecret = BackendClientSecret, AppType = "regular_web", Callbacks = ["https://backend.test/cb"],
                GrantTypes = ["password"], IsTokenEndpointIpHeaderTrusted = true,
            },
            new()
            {
                Name = "Leeway", ClientId = LeewayClientId, ClientSecret = LeewayClientSecret, AppType = "regular_web", Callbacks = ["https://lee.test/cb"],
                GrantTypes = ["password", "refresh_token"],
                RefreshToken = new() { RotationType = "rotating", ExpirationType = "expiring", Leeway = Leeway },
            },
            new() { Name = "Machine", ClientId = MachineClientId, ClientSecret = MachineClientSecret, AppType = "non_interactive", GrantTypes = ["client_credentials"] },
        ],
        Connections =
        [
            new() { Name = Connection, Strategy = "auth0", EnabledClients = [WebClientId, HsClientId, PublicClientId, MachineClientId, RotatingClientId, LeewayClientId, BackendClientId] },
            new() { Name = EmployeesConnection, Strategy = "auth0", EnabledClients = ["Web"] },
            new() { Name = DisabledConnection, Strategy = "auth0", EnabledClients = [] },
        ],
        Users =
        [
            new() { Connection = Connection, Email = JaneEmail, Username = JaneUsername, Password = JanePassword, EmailVerified = true, Name = "Jane Example", GivenName = "Jane", FamilyName = "Example" },
            new() { Connection = Connection, Email = BlockedEmail, Password = Password, Blocked = true },
            new() { Connection = EmployeesConnection, Email = EmployeeEmail, Password = Password },
            new() { Connection = DisabledConnection, Email = "dora@example.test", Password = Password },
        ],
    };
}
