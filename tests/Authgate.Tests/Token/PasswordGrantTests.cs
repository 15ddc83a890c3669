using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Authgate.Connections;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Token;

public sealed class PasswordGrantTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task Password_grant_with_form_body_returns_bearer_tokens_with_no_store()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"));

        var json = await response.ShouldSucceedAsync();
        json.GetProperty("token_type").GetString().Should().Be("Bearer");
        json.GetProperty("expires_in").GetInt32().Should().Be(7200);
        json.GetProperty("scope").GetString().Should().Be("read:sample");
        json.TryGetProperty("refresh_token", out _).Should().BeFalse();
        json.TryGetProperty("id_token", out _).Should().BeFalse();
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.Pragma.ToString().Should().Be("no-cache");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    [Fact]
    public async Task Password_grant_with_json_body_treats_null_and_empty_values_as_absent()
    {
        var body = $$"""
            {"grant_type":"password","username":"{{TestTenant.JaneEmail}}","password":"{{TestTenant.JanePassword}}",
             "client_id":"{{TestTenant.WebClientId}}","client_secret":"{{TestTenant.WebClientSecret}}",
             "audience":"{{TestTenant.Api}}","scope":"","realm":null}
            """;

        var json = await (await http.PostRawAsync(body, "application/json")).ShouldSucceedAsync();

        Protocol.Scopes(json).Should().Equal("read:sample", "write:sample");
    }

    [Fact]
    public async Task Form_body_empty_values_are_absent()
    {
        var form = Protocol.PasswordGrant();
        form["scope"] = "";
        form["realm"] = "";

        var json = await (await http.PostFormAsync(form)).ShouldSucceedAsync();

        Protocol.Scopes(json).Should().Equal("read:sample", "write:sample");
    }

    [Fact]
    public async Task Client_secret_basic_authenticates_the_client()
    {
        var form = Protocol.PasswordGrant(clientSecret: null);
        form.Remove("client_id");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestTenant.WebClientId}:{TestTenant.WebClientSecret}")));

        await (await http.SendAsync(request)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Client_secret_basic_with_wrong_secret_is_unauthorized()
    {
        var form = Protocol.PasswordGrant(clientSecret: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestTenant.WebClientId}:not-the-secret")));

        await (await http.SendAsync(request)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied", "Unauthorized");
    }

    [Fact]
    public async Task Wrong_client_secret_is_401_access_denied_unauthorized()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(clientSecret: "wrong-secret"));

        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied", "Unauthorized");
    }

    [Fact]
    public async Task Unknown_client_is_401_access_denied()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(clientId: "no-such-client"));

        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied", "Unauthorized");
    }

    [Fact]
    public async Task Confidential_client_without_secret_is_401()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(clientSecret: null));

        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied", "Unauthorized");
    }

    [Fact]
    public async Task Missing_client_id_is_invalid_request()
    {
        var form = Protocol.PasswordGrant();
        form.Remove("client_id");

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "Missing required parameter: client_id");
    }

    [Fact]
    public async Task Public_client_authenticates_with_its_id_only()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.PublicClientId, clientSecret: null));

        await response.ShouldSucceedAsync();
    }

    [Fact]
    public async Task Grant_type_not_enabled_for_the_client_is_unauthorized_client()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.MachineClientId, clientSecret: TestTenant.MachineClientSecret));

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client", "Grant type 'password' not allowed for the client.");
    }

    [Fact]
    public async Task Password_realm_not_enabled_for_the_client_names_the_grant()
    {
        var form = Protocol.PasswordGrant(clientId: TestTenant.HsClientId, clientSecret: TestTenant.HsClientSecret);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client",
            "Grant type 'http://auth0.com/oauth/grant-type/password-realm' not allowed for the client.");
    }

    [Fact]
    public async Task Unknown_grant_type_is_unsupported_grant_type()
    {
        var form = Protocol.PasswordGrant();
        form["grant_type"] = "urn:example:magic";

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync((HttpStatusCode)501, "unsupported_grant_type", "Unsupported grant type: urn:example:magic");
    }

    [Fact]
    public async Task Missing_grant_type_is_invalid_request()
    {
        var form = Protocol.PasswordGrant();
        form.Remove("grant_type");

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "Missing required parameter: grant_type");
    }

    [Theory]
    [InlineData("username")]
    [InlineData("password")]
    public async Task Missing_credentials_are_invalid_request(string parameter)
    {
        var form = Protocol.PasswordGrant();
        form.Remove(parameter);

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", $"Missing required parameter: {parameter}");
    }

    [Fact]
    public async Task Wrong_password_is_403_invalid_grant()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(password: "not my password"));

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Fact]
    public async Task Unknown_user_gets_the_same_answer_and_still_costs_one_password_hash()
    {
        var wrongPassword = await http.PostFormAsync(Protocol.PasswordGrant(password: "not my password"));
        var hashing = factory.Services.GetRequiredService<PasswordHashing>();
        long verifications = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, hashing.Meter) && instrument.Name == "authgate.password.verifications")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref verifications, value));
        listener.Start();

        var unknownUser = await http.PostFormAsync(Protocol.PasswordGrant(username: "nobody@example.test", password: "not my password"));

        listener.Dispose();
        (await unknownUser.Content.ReadAsStringAsync()).Should().Be(await wrongPassword.Content.ReadAsStringAsync());
        unknownUser.StatusCode.Should().Be(wrongPassword.StatusCode);
        Interlocked.Read(ref verifications).Should().Be(1, "an unknown user is checked against a dummy hash");
    }

    [Theory]
    [InlineData(TestTenant.JaneUsername)]
    [InlineData("JANE@Example.TEST")]
    public async Task User_signs_in_with_username_or_email_in_any_case(string username)
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(username: username))).ShouldSucceedAsync();

        Protocol.Decode(json.GetProperty("access_token").GetString()!).Subject.Should().StartWith("auth0|");
    }

    [Fact]
    public async Task Blocked_user_with_the_right_password_is_401_user_is_blocked()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(username: TestTenant.BlockedEmail, password: TestTenant.Password));

        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "user is blocked");
    }

    [Fact]
    public async Task Blocked_user_with_a_wrong_password_is_not_told_about_the_block()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(username: TestTenant.BlockedEmail, password: "wrong"));

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Fact]
    public async Task Unknown_audience_is_access_denied_service_not_found()
    {
        var response = await http.PostFormAsync(Protocol.PasswordGrant(audience: "https://nope.test/"));

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Service not found: https://nope.test/");
    }

    [Fact]
    public async Task Resource_is_accepted_as_an_alias_of_audience()
    {
        var form = Protocol.PasswordGrant(audience: null);
        form["resource"] = TestTenant.Api;

        var json = await (await http.PostFormAsync(form)).ShouldSucceedAsync();

        Protocol.Decode(json.GetProperty("access_token").GetString()!).Audiences.Should().Equal(TestTenant.Api);
    }

    [Fact]
    public async Task Password_grant_ignores_realm_and_uses_the_default_directory()
    {
        var form = Protocol.PasswordGrant(username: TestTenant.EmployeeEmail, password: TestTenant.Password);
        form["realm"] = TestTenant.EmployeesConnection;

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Fact]
    public async Task Password_realm_grant_uses_the_named_connection()
    {
        var form = Protocol.PasswordGrant(username: TestTenant.EmployeeEmail, password: TestTenant.Password);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.EmployeesConnection;

        var json = await (await http.PostFormAsync(form)).ShouldSucceedAsync();

        json.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Password_realm_grant_without_realm_falls_back_to_the_default_directory()
    {
        var form = Protocol.PasswordGrant();
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";

        await (await http.PostFormAsync(form)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Password_realm_grant_does_not_find_users_of_another_connection()
    {
        var form = Protocol.PasswordGrant();
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.EmployeesConnection;

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Fact]
    public async Task Unknown_realm_is_invalid_request_connection_not_found()
    {
        var form = Protocol.PasswordGrant();
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = "no-such-connection";

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "the connection was not found");
    }

    [Fact]
    public async Task Connection_not_enabled_for_the_client_is_invalid_request_connection_disabled()
    {
        var form = Protocol.PasswordGrant(username: "dora@example.test", password: TestTenant.Password);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.DisabledConnection;

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "the connection was disabled");
    }
}
