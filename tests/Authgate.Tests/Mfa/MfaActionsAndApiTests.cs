using System.Net;
using Authgate.Tests.Actions;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Mfa;

/// <summary>
/// MFA asked by an Action (no tenant policy), the MFA API token (audience <c>{issuer}mfa/</c>), the Guardian
/// Management API, and email delivery through a relay outage.
/// </summary>
public sealed class MfaActionsAndApiTests : IClassFixture<MfaFactory>
{
    private readonly MfaFactory factory;
    private readonly HttpClient http;
    private readonly MfaSteps mfa;
    private readonly Infrastructure.Management management;

    public MfaActionsAndApiTests(MfaFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
        mfa = new MfaSteps(http, factory.Clock);
        management = mfa.Management;
        mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"]).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task An_action_asks_for_mfa_and_its_decision_is_finished_after_the_otp_grant_without_running_again()
    {
        var (email, userId) = await mfa.NewUserAsync();
        await Scripts.BindAsync(management, $$"""
            exports.onExecutePostLogin = async (event, api) => {
              if (event.user.email !== '{{email}}') return;
              api.user.setAppMetadata('runs', (event.user.app_metadata.runs || 0) + 1);
              api.accessToken.setCustomClaim('https://t/mfa', 'decided');
              api.accessToken.setCustomClaim('https://t/factors', event.user.enrolledFactors.map(f => f.type).sort());
              api.accessToken.setCustomClaim('https://t/multifactor', event.user.multifactor);
              api.accessToken.addScope('write:sample');
              api.multifactor.enable('any');
            };
            """);
        try
        {
            var token = await mfa.MfaTokenAsync(email, "openid read:sample");
            var secret = (await mfa.AssociateOtpAsync(token)).GetProperty("secret").GetString()!;

            var tokens = await (await mfa.OtpAsync(token, mfa.Code(secret), json: true)).ShouldSucceedAsync();

            var claims = Scripts.Claims(tokens.GetProperty("access_token").GetString()!);
            claims["https://t/mfa"]!.GetValue<string>().Should().Be("decided");
            claims["scope"]!.GetValue<string>().Split(' ').Should().Contain(["read:sample", "write:sample"]);
            claims["https://t/factors"]!.AsArray().Should().BeEmpty("the decision was taken before the enrolment");
            (await management.GetAsync($"users/{Uri.EscapeDataString(userId)}"))["app_metadata"]!["runs"]!.GetValue<int>().Should().Be(1, "Actions do not run again after MFA");
            var next = await mfa.MfaTokenAsync(email, "openid read:sample");
            var enrolled = Scripts.Claims((await (await mfa.OtpAsync(next, mfa.Code(secret, 1))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!);
            enrolled["https://t/factors"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("otp", "recovery-code");
            enrolled["https://t/multifactor"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("guardian");
            var (other, _) = await mfa.NewUserAsync();
            await (await mfa.LoginAsync(other)).ShouldSucceedAsync();
        }
        finally
        {
            await Scripts.UnbindAllAsync(management);
        }
    }

    [Fact]
    public async Task The_mfa_api_token_lists_and_removes_authenticators_after_a_challenge()
    {
        await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"], "all-applications");
        try
        {
            var (email, secret, _) = await mfa.EnrolledOtpUserAsync();
            var token = await mfa.MfaTokenAsync(email, "enroll read:authenticators remove:authenticators", AuthgateFactory.Issuer + "mfa/");
            var list = await (await mfa.AuthenticatorsAsync(token)).ShouldSucceedAsync();
            var otpId = list.EnumerateArray().Single(a => a.GetProperty("authenticator_type").GetString() == "otp").GetProperty("id").GetString()!;
            await (await mfa.DeleteAuthenticatorAsync(token, otpId)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "insufficient_scope");

            var access = (await (await mfa.OtpAsync(token, mfa.Code(secret, 1))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!;
            var decoded = Protocol.Decode(access);
            decoded.Audiences.Should().Equal(AuthgateFactory.Issuer + "mfa/");
            decoded.GetPayloadValue<string>("scope").Should().Be("enroll read:authenticators remove:authenticators");
            (decoded.ValidTo - decoded.IssuedAt).Should().Be(TimeSpan.FromMinutes(10));
            (await (await mfa.AuthenticatorsAsync(access)).ShouldSucceedAsync()).GetArrayLength().Should().Be(2);
            await (await mfa.DeleteAuthenticatorAsync(access, "totp|dev_nothere")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "not_found");

            (await mfa.DeleteAuthenticatorAsync(access, otpId)).StatusCode.Should().Be(HttpStatusCode.NoContent);

            (await (await mfa.AuthenticatorsAsync(access)).ShouldSucceedAsync()).GetArrayLength().Should().Be(0, "the recovery code goes with the last factor");
            (await mfa.MfaRequiredAsync(email)).GetProperty("mfa_requirements").GetProperty("enroll").GetArrayLength().Should().Be(3);
            await mfa.Management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == email, "&q=type:gd_unenroll");
        }
        finally
        {
            await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"]);
        }
    }

    [Fact]
    public async Task Guardian_factors_and_policies_round_trip_with_auth0s_shapes_and_errors()
    {
        var factors = (await management.GetAsync("guardian/factors")).AsArray();
        factors.Select(f => f!["name"]!.GetValue<string>()).Should().Equal("sms", "push-notification", "otp", "email", "duo", "webauthn-roaming", "webauthn-platform", "recovery-code");
        factors.Where(f => f!["enabled"]!.GetValue<bool>()).Select(f => f!["name"]!.GetValue<string>()).Should().BeEquivalentTo("sms", "otp", "email", "recovery-code");
        factors.Should().OnlyContain(f => f!["trial_expired"]!.GetValue<bool>() == false);

        (await management.OkAsync(HttpMethod.Put, "guardian/factors/duo", new { enabled = false }))["enabled"]!.GetValue<bool>().Should().BeFalse();
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/factors/duo", new { enabled = true }), HttpStatusCode.BadRequest, "factor_not_available");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/factors/nope", new { enabled = true }), HttpStatusCode.BadRequest, "invalid_uri");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/factors/otp", new { }), HttpStatusCode.BadRequest, "invalid_body", "Missing required property: enabled");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/factors/otp", new { enabled = true, other = 1 }), HttpStatusCode.BadRequest, "invalid_body", "Additional properties not allowed: other");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/factors/otp", "{\"enabled\":\"yes\"}"), HttpStatusCode.BadRequest, "invalid_body");

        (await management.OkAsync(HttpMethod.Put, "guardian/policies", new[] { "confidence-score" })).AsArray().Select(p => p!.GetValue<string>()).Should().Equal("confidence-score");
        (await management.GetAsync("guardian/policies")).AsArray().Select(p => p!.GetValue<string>()).Should().Equal("confidence-score");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/policies", new[] { "sometimes" }), HttpStatusCode.BadRequest, "invalid_body", "Invalid property \"sometimes\"");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/policies", new[] { "all-applications", "all-applications" }), HttpStatusCode.BadRequest, "invalid_body", "not unique");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/policies", new { policy = "x" }), HttpStatusCode.BadRequest, "invalid_body", "Expected type array but found type object");
        (await management.GetAsync("guardian/policies")).AsArray().Select(p => p!.GetValue<string>()).Should().Equal("confidence-score");
        (await management.OkAsync(HttpMethod.Put, "guardian/policies", Array.Empty<string>())).AsArray().Should().BeEmpty();

        var token = await Infrastructure.Management.TokenAsync(http, "read:users");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "guardian/policies", new[] { "all-applications" }, token), HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task Enrollments_can_be_read_and_removed_and_the_recovery_code_regenerated_by_an_administrator()
    {
        await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"], "all-applications");
        try
        {
            var (email, secret, oldRecovery) = await mfa.EnrolledOtpUserAsync();
            var userId = (await management.GetAsync($"users-by-email?email={Uri.EscapeDataString(email)}")).AsArray()[0]!["user_id"]!.GetValue<string>();
            var path = $"users/{Uri.EscapeDataString(userId)}";

            var enrollments = (await management.GetAsync(path + "/enrollments")).AsArray();
            var enrollment = enrollments.Should().ContainSingle().Subject!;
            enrollment["status"]!.GetValue<string>().Should().Be("confirmed");
            enrollment["type"]!.GetValue<string>().Should().Be("authenticator");
            enrollment["auth_method"]!.GetValue<string>().Should().Be("authenticator");
            enrollment["enrolled_at"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
            var id = enrollment["id"]!.GetValue<string>();
            (await management.GetAsync("guardian/enrollments/" + id))["status"]!.GetValue<string>().Should().Be("confirmed");

            var recovery = (await management.OkAsync(HttpMethod.Post, path + "/recovery-code-regeneration"))["recovery_code"]!.GetValue<string>();
            await (await mfa.RecoveryAsync(await mfa.MfaTokenAsync(email), oldRecovery!)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid recovery_code.");
            await (await mfa.RecoveryAsync(await mfa.MfaTokenAsync(email), recovery)).ShouldSucceedAsync();

            await management.DeleteAsync("guardian/enrollments/" + id);
            await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, "guardian/enrollments/" + id), HttpStatusCode.NotFound, "inexistent_enrollment");
            (await management.GetAsync(path + "/enrollments")).AsArray().Should().BeEmpty();
            await management.DeleteAsync(path + "/authenticators");
            await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, "users/auth0%7Cnobody/enrollments"), HttpStatusCode.NotFound, "inexistent_user");
            await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Delete, "users/auth0%7Cnobody/authenticators"), HttpStatusCode.NotFound, "inexistent_user");
            (await mfa.MfaRequiredAsync(email)).GetProperty("mfa_requirements").TryGetProperty("enroll", out _).Should().BeTrue();
            _ = secret;
        }
        finally
        {
            await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"]);
        }
    }

    [Fact]
    public async Task A_mail_relay_outage_neither_blocks_the_request_nor_loses_the_code()
    {
        await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"], "all-applications");
        await factory.Smtp.PauseAsync();
        try
        {
            var (email, _) = await mfa.NewUserAsync();
            var token = await mfa.MfaTokenAsync(email);
            var enrolment = await (await mfa.AssociateAsync(token, new { authenticator_types = new[] { "oob" }, oob_channels = new[] { "email" } })).ShouldSucceedAsync();

            // The first delivery attempt fails while the relay is down; the message waits in the outbox.
            await WaitUntilAsync(() => factory.WithDbAsync(db => db.Outbox.AsNoTracking().AnyAsync(m => m.SentAt == null && m.Attempts > 0 && m.LastError != null)));
            factory.Smtp.Resume();
            factory.Clock.Advance(TimeSpan.FromSeconds(30));

            var message = await factory.Smtp.NextAsync(email);
            await (await mfa.OobAsync(token, enrolment.GetProperty("oob_code").GetString()!, MfaSteps.BindingCode(message.Body))).ShouldSucceedAsync();
        }
        finally
        {
            await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"]);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(50);
        }

        (await condition()).Should().BeTrue();
    }
}
