using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Admin;

/// <summary>
/// The Management API fields that change what <c>/oauth/token</c> does (AUTH0-MGMT-SCHEMA.md §4), each set through
/// the API and observed through the token endpoint.
/// </summary>
public sealed class TokenEndpointEffectsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    /// <summary>A confidential app with the password grant, enabled on the test tenant's database connection.</summary>
    private async Task<(string Id, string Secret)> NewAppAsync(JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["name"] = "Effects " + Guid.NewGuid().ToString("N")[..8],
            ["app_type"] = "regular_web",
            ["grant_types"] = new JsonArray("password", "http://auth0.com/oauth/grant-type/password-realm", "refresh_token", "client_credentials"),
        };
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value?.DeepClone();
        }

        var client = await management.PostAsync("clients", body);
        var id = client["client_id"]!.GetValue<string>();
        await management.OkAsync(HttpMethod.Patch, $"connections/{await ConnectionIdAsync(TestTenant.Connection)}/clients",
            new[] { new { client_id = id, status = true } }, HttpStatusCode.NoContent);
        return (id, client["client_secret"]!.GetValue<string>());
    }

    private async Task<string> ConnectionIdAsync(string name) =>
        (await management.GetAsync($"connections?name={name}")).AsArray().Single()!["id"]!.GetValue<string>();

    private async Task<string> NewApiAsync(string identifier, object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["identifier"] = identifier;
        body["scopes"] ??= new JsonArray(new JsonObject { ["value"] = "read:things" }, new JsonObject { ["value"] = "write:things" });
        return (await management.PostAsync("resource-servers", body))["id"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> LoginAsync((string Id, string Secret) app, string? audience = TestTenant.Api, string? scope = "openid") =>
        http.PostFormAsync(Protocol.PasswordGrant(clientId: app.Id, clientSecret: app.Secret, audience: audience, scope: scope));

    private Task<HttpResponseMessage> ClientCredentialsAsync((string Id, string Secret) app, string audience) =>
        http.PostFormAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = app.Id, ["client_secret"] = app.Secret, ["audience"] = audience });

    private static long Lifetime(string jwt)
    {
        var token = Protocol.Decode(jwt);
        return token.GetPayloadValue<long>("exp") - token.GetPayloadValue<long>("iat");
    }

    [Fact]
    public async Task Jwt_configuration_lifetime_in_seconds_sets_the_id_token_lifetime()
    {
        var app = await NewAppAsync();
        var before = await (await LoginAsync(app)).ShouldSucceedAsync();
        Lifetime(before.GetProperty("id_token").GetString()!).Should().Be(36000, "Auth0's default");

        await management.PatchAsync($"clients/{app.Id}", new { jwt_configuration = new { alg = "RS256", lifetime_in_seconds = 300 } });

        var after = await (await LoginAsync(app)).ShouldSucceedAsync();
        Lifetime(after.GetProperty("id_token").GetString()!).Should().Be(300);
    }

    [Fact]
    public async Task Token_lifetime_of_the_api_sets_the_access_token_lifetime()
    {
        var app = await NewAppAsync();
        var id = await NewApiAsync("https://lifetime.test/", new { token_lifetime = 900 });
        var first = await (await LoginAsync(app, "https://lifetime.test/")).ShouldSucceedAsync();
        Lifetime(first.GetProperty("access_token").GetString()!).Should().Be(900);
        first.GetProperty("expires_in").GetInt32().Should().Be(900);

        await management.PatchAsync($"resource-servers/{id}", new { token_lifetime = 60 });

        var second = await (await LoginAsync(app, "https://lifetime.test/")).ShouldSucceedAsync();
        Lifetime(second.GetProperty("access_token").GetString()!).Should().Be(60);
        second.GetProperty("expires_in").GetInt32().Should().Be(60);
    }

    [Theory]
    [InlineData("RS512", SecurityAlgorithms.RsaSha512)]
    [InlineData("PS256", SecurityAlgorithms.RsaSsaPssSha256)]
    public async Task Signing_alg_of_the_api_and_of_the_client_choose_the_signature(string alg, string expected)
    {
        var app = await NewAppAsync(new JsonObject { ["jwt_configuration"] = new JsonObject { ["alg"] = alg } });
        var identifier = $"https://{alg.ToLowerInvariant()}.test/";
        await NewApiAsync(identifier, new { signing_alg = alg });

        var json = await (await LoginAsync(app, identifier)).ShouldSucceedAsync();

        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks.json"));
        foreach (var (token, audience) in new[] { (json.GetProperty("access_token").GetString()!, identifier), (json.GetProperty("id_token").GetString()!, app.Id) })
        {
            Protocol.Decode(token).Alg.Should().Be(alg);
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuer = AuthgateFactory.Issuer,
                ValidAudience = audience,
                IssuerSigningKeys = jwks.GetSigningKeys(),
                ValidAlgorithms = [expected],
                LifetimeValidator = (_, expires, _, _) => expires > factory.Clock.GetUtcNow().UtcDateTime,
            });
            result.IsValid.Should().BeTrue(result.Exception?.Message);
        }
    }

    [Fact]
    public async Task Secret_encoded_signs_hs256_id_tokens_with_the_decoded_secret()
    {
        var secret = Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var (id, _) = await NewAppAsync(new JsonObject { ["jwt_configuration"] = new JsonObject { ["alg"] = "HS256", ["secret_encoded"] = true } });
        await management.PatchAsync($"clients/{id}", new { client_secret = secret });

        var json = await (await LoginAsync((id, secret))).ShouldSucceedAsync();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(json.GetProperty("id_token").GetString()!, new TokenValidationParameters
        {
            ValidIssuer = AuthgateFactory.Issuer,
            ValidAudience = id,
            IssuerSigningKey = new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, _, _) => expires > factory.Clock.GetUtcNow().UtcDateTime,
        });
        result.IsValid.Should().BeTrue(result.Exception?.Message);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, $"clients/{id}", new { client_secret = "not base64url! " + new string('x', 40) }),
            HttpStatusCode.BadRequest, "invalid_body", "on property jwt_configuration.secret_encoded");
    }

    [Fact]
    public async Task Is_token_endpoint_ip_header_trusted_decides_whether_auth0_forwarded_for_is_the_users_ip()
    {
        var app = await NewAppAsync(new JsonObject { ["is_token_endpoint_ip_header_trusted"] = true });
        var jane = (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray().Single()!["user_id"]!.GetValue<string>();

        async Task<string?> LastIpAfterLoginFromAsync(string ip)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(Protocol.PasswordGrant(clientId: app.Id, clientSecret: app.Secret)) };
            request.Headers.TryAddWithoutValidation("auth0-forwarded-for", ip);
            await (await http.SendAsync(request)).ShouldSucceedAsync();
            return (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}"))["last_ip"]?.GetValue<string>();
        }

        (await LastIpAfterLoginFromAsync("203.0.113.7")).Should().Be("203.0.113.7");

        await management.PatchAsync($"clients/{app.Id}", new { is_token_endpoint_ip_header_trusted = false });

        (await LastIpAfterLoginFromAsync("203.0.113.8")).Should().NotBe("203.0.113.8");
    }

    [Fact]
    public async Task A_third_party_client_may_not_use_the_password_grants()
    {
        var app = await NewAppAsync();
        await (await LoginAsync(app)).ShouldSucceedAsync();

        await management.PatchAsync($"clients/{app.Id}", new { is_first_party = false });

        await (await LoginAsync(app)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client", "Grant type 'password' not allowed for the client.");
    }

    [Fact]
    public async Task Grant_types_set_through_the_api_gate_the_grant()
    {
        var app = await NewAppAsync();
        await management.PatchAsync($"clients/{app.Id}", new { grant_types = new[] { "client_credentials" } });

        await (await LoginAsync(app)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client", "Grant type 'password' not allowed for the client.");
    }

    [Fact]
    public async Task Proof_of_possession_required_by_the_client_or_the_api_refuses_bearer_tokens()
    {
        var app = await NewAppAsync(new JsonObject { ["require_proof_of_possession"] = true });
        await (await LoginAsync(app)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");

        var other = await NewAppAsync();
        await NewApiAsync("https://pop.test/", new { proof_of_possession = new { mechanism = "dpop", required = true } });
        await (await LoginAsync(other, "https://pop.test/")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await LoginAsync(other)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task The_api_user_policy_denies_users_or_requires_a_user_client_grant_that_caps_the_scopes()
    {
        var app = await NewAppAsync();
        var id = await NewApiAsync("https://policy.test/", new { subject_type_authorization = new { user = new { policy = "deny_all" } } });

        await (await LoginAsync(app, "https://policy.test/")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied");

        await management.PatchAsync($"resource-servers/{id}", new { subject_type_authorization = new { user = new { policy = "require_client_grant" } } });
        await (await LoginAsync(app, "https://policy.test/")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied");

        await management.PostAsync("client-grants", new { client_id = app.Id, audience = "https://policy.test/", scope = new[] { "read:things" }, subject_type = "user" });
        var json = await (await LoginAsync(app, "https://policy.test/", "openid read:things write:things")).ShouldSucceedAsync();
        Protocol.Scopes(json).Should().Contain("read:things").And.NotContain("write:things");
    }

    [Fact]
    public async Task The_api_client_policy_deny_all_refuses_client_credentials_even_with_a_grant()
    {
        var app = await NewAppAsync();
        var id = await NewApiAsync("https://machines.test/");
        await management.PostAsync("client-grants", new { client_id = app.Id, audience = "https://machines.test/", scope = new[] { "read:things" } });
        await (await ClientCredentialsAsync(app, "https://machines.test/")).ShouldSucceedAsync();

        await management.PatchAsync($"resource-servers/{id}", new { subject_type_authorization = new { client = new { policy = "deny_all" } } });

        await (await ClientCredentialsAsync(app, "https://machines.test/")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied");
    }

    [Fact]
    public async Task Allow_all_scopes_grants_every_scope_of_the_api_including_later_ones()
    {
        var app = await NewAppAsync();
        var id = await NewApiAsync("https://all-scopes.test/");
        await management.PostAsync("client-grants", new { client_id = app.Id, audience = "https://all-scopes.test/", allow_all_scopes = true });

        Protocol.Scopes(await (await ClientCredentialsAsync(app, "https://all-scopes.test/")).ShouldSucceedAsync()).Should().Equal("read:things", "write:things");

        await management.PatchAsync($"resource-servers/{id}", new { scopes = new[] { new { value = "read:things" }, new { value = "write:things" }, new { value = "delete:things" } } });

        Protocol.Scopes(await (await ClientCredentialsAsync(app, "https://all-scopes.test/")).ShouldSucceedAsync()).Should().Equal("read:things", "write:things", "delete:things");
    }

    [Fact]
    public async Task A_grant_for_third_party_clients_serves_every_third_party_client()
    {
        var app = await NewAppAsync(new JsonObject { ["is_first_party"] = false });
        await NewApiAsync("https://partners.test/");
        await (await ClientCredentialsAsync(app, "https://partners.test/")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied");

        var grant = await management.PostAsync("client-grants", new { default_for = "third_party_clients", audience = "https://partners.test/", scope = new[] { "read:things" } });
        grant.AsObject().ContainsKey("client_id").Should().BeFalse();

        Protocol.Scopes(await (await ClientCredentialsAsync(app, "https://partners.test/")).ShouldSucceedAsync()).Should().Equal("read:things");
    }

    [Fact]
    public async Task Token_quota_limits_client_credentials_tokens_per_hour_and_the_tenant_default_applies_to_other_clients()
    {
        var app = await NewAppAsync(new JsonObject { ["token_quota"] = new JsonObject { ["client_credentials"] = new JsonObject { ["enforce"] = true, ["per_hour"] = 2 } } });
        await NewApiAsync("https://quota.test/");
        await management.PostAsync("client-grants", new { client_id = app.Id, audience = "https://quota.test/", scope = new[] { "read:things" } });

        await (await ClientCredentialsAsync(app, "https://quota.test/")).ShouldSucceedAsync();
        await (await ClientCredentialsAsync(app, "https://quota.test/")).ShouldSucceedAsync();
        var refused = await ClientCredentialsAsync(app, "https://quota.test/");
        await refused.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        refused.Headers.RetryAfter.Should().NotBeNull();

        var other = await NewAppAsync();
        await management.PostAsync("client-grants", new { client_id = other.Id, audience = "https://quota.test/", scope = new[] { "read:things" } });
        await management.PatchAsync("tenants/settings", new { default_token_quota = new { clients = new { client_credentials = new { per_hour = 1 } } } });
        try
        {
            await (await ClientCredentialsAsync(other, "https://quota.test/")).ShouldSucceedAsync();
            await (await ClientCredentialsAsync(other, "https://quota.test/")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { default_token_quota = (object?)null });
        }

        factory.Clock.Advance(TimeSpan.FromHours(1));
        await (await ClientCredentialsAsync(app, "https://quota.test/")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Realms_name_a_connection_in_the_password_realm_grant()
    {
        var app = await NewAppAsync();
        var connection = await management.PostAsync("connections", new { name = "realm-db", strategy = "auth0", enabled_clients = new[] { app.Id }, realms = new[] { "corp.example" } });
        connection["realms"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("corp.example");
        await management.PostAsync("users", new { connection = "realm-db", email = "rhea@corp.example", password = "Rhea-passw0rd!" });

        var form = Protocol.PasswordGrant(username: "rhea@corp.example", password: "Rhea-passw0rd!", clientId: app.Id, clientSecret: app.Secret);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = "corp.example";
        await (await http.PostFormAsync(form)).ShouldSucceedAsync();

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "connections", new { name = "realm-clash", strategy = "auth0", realms = new[] { "corp.example" } }),
            HttpStatusCode.Conflict, "connection_conflict");
    }

    [Fact]
    public async Task A_connection_with_password_logins_disabled_or_of_a_strategy_not_served_refuses_passwords()
    {
        var app = await NewAppAsync();
        var id = (await management.PostAsync("connections", new { name = "no-passwords", strategy = "auth0", enabled_clients = new[] { app.Id } }))["id"]!.GetValue<string>();
        await management.PostAsync("users", new { connection = "no-passwords", email = "nell@example.test", password = "Nell-passw0rd!" });
        var form = Protocol.PasswordGrant(username: "nell@example.test", password: "Nell-passw0rd!", clientId: app.Id, clientSecret: app.Secret);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = "no-passwords";
        await (await http.PostFormAsync(form)).ShouldSucceedAsync();

        await management.PatchAsync($"connections/{id}", new { options = new { authentication_methods = new { password = new { enabled = false } } } });
        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "password authentication is disabled for this connection");

        await management.PostAsync("connections", new { name = "social", strategy = "google-oauth2", enabled_clients = new[] { app.Id }, options = new { client_id = "g", scope = new[] { "email" } } });
        form["realm"] = "social";
        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "the connection does not support password logins");
    }

    [Fact]
    public async Task Username_validation_of_the_connection_applies_to_new_users()
    {
        await management.PostAsync("connections", new { name = "short-names", strategy = "auth0", options = new { requires_username = true, validation = new { username = new { min = 3, max = 5 } } } });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = "short-names", email = "a@b.test", username = "toolong", password = "Long-enough-1!" }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'String is too long (7 chars), maximum 5' on property username.");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = "short-names", email = "a@b.test", password = "Long-enough-1!" }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Missing required property: username'.");
        await management.PostAsync("users", new { connection = "short-names", email = "a@b.test", username = "abc", password = "Long-enough-1!" });
    }

    [Fact]
    public async Task Allow_offline_access_of_the_api_decides_whether_a_refresh_token_is_issued()
    {
        var app = await NewAppAsync();
        var id = await NewApiAsync("https://offline.test/");
        (await (await LoginAsync(app, "https://offline.test/", "openid offline_access")).ShouldSucceedAsync()).TryGetProperty("refresh_token", out _).Should().BeFalse();

        await management.PatchAsync($"resource-servers/{id}", new { allow_offline_access = true });

        (await (await LoginAsync(app, "https://offline.test/", "openid offline_access")).ShouldSucceedAsync()).TryGetProperty("refresh_token", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Enable_client_connections_enables_new_clients_on_every_connection()
    {
        await management.PatchAsync("tenants/settings", new { flags = new { enable_client_connections = true } });
        try
        {
            var client = await management.PostAsync("clients", new { name = "Auto-enabled", app_type = "regular_web", grant_types = new[] { "password" } });
            var id = client["client_id"]!.GetValue<string>();
            var connection = await management.GetAsync($"connections/{await ConnectionIdAsync(TestTenant.EmployeesConnection)}");
            connection["enabled_clients"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain(id);
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { flags = new { enable_client_connections = false } });
        }
    }

    [Fact]
    public async Task An_empty_default_audience_means_no_default_audience()
    {
        var app = await NewAppAsync();
        await management.PatchAsync("tenants/settings", new { default_audience = TestTenant.Api });
        try
        {
            var withDefault = await (await LoginAsync(app, audience: null)).ShouldSucceedAsync();
            Protocol.Decode(withDefault.GetProperty("access_token").GetString()!).Audiences.Should().Contain(TestTenant.Api);

            var cleared = await management.PatchAsync("tenants/settings", new { default_audience = "" });
            cleared["default_audience"]!.GetValue<string>().Should().BeEmpty();
            var withoutDefault = await (await LoginAsync(app, audience: null)).ShouldSucceedAsync();
            withoutDefault.GetProperty("access_token").GetString()!.Split('.').Should().HaveCount(5, "without an API the access token is the encrypted /userinfo token");
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { default_audience = "" });
        }
    }
}
