using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Mfa;

/// <summary>The ROPG MFA flow end to end over HTTP: mfa_required, enrolment, challenges, the three MFA grants.</summary>
public sealed class MfaFlowTests : IClassFixture<MfaFactory>
{
    private readonly MfaFactory factory;
    private readonly HttpClient http;
    private readonly MfaSteps mfa;

    public MfaFlowTests(MfaFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
        mfa = new MfaSteps(http, factory.Clock);
        mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"], "all-applications").GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Password_grant_answers_mfa_required_with_an_mfa_token_and_what_to_enroll()
    {
        var (email, _) = await mfa.NewUserAsync();

        var body = await mfa.MfaRequiredAsync(email);

        body.GetProperty("mfa_token").GetString().Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        body.GetProperty("mfa_requirements").GetProperty("enroll").EnumerateArray().Select(t => t.GetProperty("type").GetString())
            .Should().Equal("otp", "phone", "email");
        var stored = await factory.WithDbAsync(db => db.MfaTransactions.AsNoTracking().SingleAsync(t => t.TokenHash == Authgate.Security.LookupHash.Of(body.GetProperty("mfa_token").GetString()!)));
        stored.Decision.Should().StartWith("v1.", "the decision is encrypted").And.NotContain("openid");
        (stored.ExpiresAt - stored.CreatedAt).Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Otp_enrolment_then_the_otp_grant_gives_the_password_grants_tokens_and_the_token_works_once()
    {
        var (email, _) = await mfa.NewUserAsync();
        var token = await mfa.MfaTokenAsync(email, "openid offline_access read:sample");
        (await (await mfa.AuthenticatorsAsync(token)).ShouldSucceedAsync()).GetArrayLength().Should().Be(0);

        var enrolment = await mfa.AssociateOtpAsync(token);
        var secret = enrolment.GetProperty("secret").GetString()!;
        enrolment.GetProperty("authenticator_type").GetString().Should().Be("otp");
        enrolment.GetProperty("barcode_uri").GetString().Should().Be(
            $"otpauth://totp/Test%20tenant:{Uri.EscapeDataString(email)}?secret={secret}&issuer=Test%20tenant&algorithm=SHA1&digits=6&period=30");
        enrolment.GetProperty("recovery_codes")[0].GetString().Should().MatchRegex("^[A-Z0-9]{24}$");
        var pending = await (await mfa.AuthenticatorsAsync(token)).ShouldSucceedAsync();
        pending.EnumerateArray().Select(a => (a.GetProperty("authenticator_type").GetString(), a.GetProperty("active").GetBoolean()))
            .Should().BeEquivalentTo([("recovery-code", false), ("otp", false)]);

        var tokens = await (await mfa.OtpAsync(token, mfa.Code(secret))).ShouldSucceedAsync();

        tokens.GetProperty("refresh_token").GetString().Should().NotBeNullOrEmpty();
        tokens.GetProperty("id_token").GetString().Should().NotBeNullOrEmpty();
        Protocol.Scopes(tokens).Should().Contain(["openid", "offline_access", "read:sample"]);
        (await Protocol.ValidateWithJwksAsync(http, tokens.GetProperty("access_token").GetString()!, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        Protocol.Decode(tokens.GetProperty("access_token").GetString()!).GetPayloadValue<string>("gty").Should().Be("password");
        await (await mfa.OtpAsync(token, mfa.Code(secret, 1))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");
        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(tokens.GetProperty("refresh_token").GetString()!, MfaFactory.ClientId, MfaFactory.ClientSecret))).ShouldSucceedAsync();
        refreshed.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty("a refresh exchange does not ask for MFA again");

        var again = await mfa.MfaRequiredAsync(email);
        again.GetProperty("mfa_requirements").GetProperty("challenge").EnumerateArray().Select(t => t.GetProperty("type").GetString())
            .Should().BeEquivalentTo("otp", "recovery-code");
        foreach (var type in new[] { "mfar", "seotpft", "gd_start_enroll", "gd_enrollment_complete" })
        {
            await mfa.Management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == email, "&q=type:" + type);
        }
    }

    [Fact]
    public async Task A_time_step_works_once_per_user_and_the_neighbouring_steps_are_accepted()
    {
        var (email, secret, _) = await mfa.EnrolledOtpUserAsync();
        var used = mfa.Code(secret);

        await (await mfa.OtpAsync(await mfa.MfaTokenAsync(email), used)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");
        await (await mfa.OtpAsync(await mfa.MfaTokenAsync(email), mfa.Code(secret, 1))).ShouldSucceedAsync();
        await (await mfa.OtpAsync(await mfa.MfaTokenAsync(email), mfa.Code(secret, -1))).ShouldSucceedAsync();
        await (await mfa.OtpAsync(await mfa.MfaTokenAsync(email), mfa.Code(secret, 2))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");
    }

    [Fact]
    public async Task Associate_when_already_enrolled_is_refused_and_writes_nothing()
    {
        var (email, _, _) = await mfa.EnrolledOtpUserAsync();
        var token = await mfa.MfaTokenAsync(email);
        var before = await CountAsync();

        await (await mfa.AssociateAsync(token, new { authenticator_types = new[] { "otp" } })).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "User is already enrolled");

        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_recovery_code_works_once_and_the_answer_carries_the_next_one()
    {
        var (email, _, recovery) = await mfa.EnrolledOtpUserAsync();

        var first = await (await mfa.RecoveryAsync(await mfa.MfaTokenAsync(email), recovery!.ToLowerInvariant())).ShouldSucceedAsync();
        var next = first.GetProperty("recovery_code").GetString()!;
        next.Should().MatchRegex("^[A-Z0-9]{24}$").And.NotBe(recovery);
        first.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();

        await (await mfa.RecoveryAsync(await mfa.MfaTokenAsync(email), recovery)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid recovery_code.");
        var second = await (await mfa.RecoveryAsync(await mfa.MfaTokenAsync(email), next)).ShouldSucceedAsync();
        second.GetProperty("recovery_code").GetString().Should().NotBe(next);
        await mfa.Management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == email, "&q=type:gd_recovery_succeed");
        await mfa.Management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == email, "&q=type:gd_recovery_failed");
    }

    [Fact]
    public async Task Email_enrolment_sends_the_code_by_smtp_and_the_oob_grant_completes_it()
    {
        var (email, _) = await mfa.NewUserAsync();
        var token = await mfa.MfaTokenAsync(email);

        var enrolment = await (await mfa.AssociateAsync(token, new { authenticator_types = new[] { "oob" }, oob_channels = new[] { "email" } })).ShouldSucceedAsync();
        enrolment.GetProperty("oob_channel").GetString().Should().Be("email");
        enrolment.GetProperty("binding_method").GetString().Should().Be("prompt");
        var oobCode = enrolment.GetProperty("oob_code").GetString()!;
        var message = await factory.Smtp.NextAsync(email);
        message.Data.Should().Contain("Subject: Test tenant verification code").And.Contain("From: Authgate <mfa@authgate.test>");
        var binding = MfaSteps.BindingCode(message.Body);

        await (await mfa.OobAsync(token, oobCode, binding == "000000" ? "000001" : "000000")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid binding_code.");
        await (await mfa.OobAsync(token, oobCode, "12345")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid binding_code.");
        var tokens = await (await mfa.OobAsync(token, oobCode, binding)).ShouldSucceedAsync();

        tokens.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
        var outbox = await factory.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync());
        outbox.Should().OnlyContain(m => m.Payload == null || m.SentAt == null, "a delivered message keeps no text");
        var second = await mfa.MfaTokenAsync(email);
        await (await mfa.OobAsync(second, oobCode, binding)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid oob_code.");
    }

    [Fact]
    public async Task Sms_codes_reach_the_webhook_at_enrolment_and_at_each_challenge()
    {
        var (email, _) = await mfa.NewUserAsync();
        var phone = "+1415555" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = await mfa.MfaTokenAsync(email);
        var enrolment = await (await mfa.AssociateAsync(token, new { authenticator_types = new[] { "oob" }, oob_channels = new[] { "sms" }, phone_number = phone })).ShouldSucceedAsync();
        var (sms, authorization) = await factory.Sms.NextAsync(phone);
        authorization.Should().Be(MfaFactory.SmsAuthorization);
        sms.GetProperty("body").GetString().Should().EndWith("Please enter this code to verify your enrollment.");
        await (await mfa.OobAsync(token, enrolment.GetProperty("oob_code").GetString()!, MfaSteps.BindingCode(sms.GetProperty("body").GetString()!))).ShouldSucceedAsync();

        var login = await mfa.MfaTokenAsync(email);
        var list = await (await mfa.AuthenticatorsAsync(login)).ShouldSucceedAsync();
        var smsAuthenticator = list.EnumerateArray().Single(a => a.GetProperty("authenticator_type").GetString() == "oob");
        smsAuthenticator.GetProperty("oob_channel").GetString().Should().Be("sms");
        smsAuthenticator.GetProperty("name").GetString().Should().Be("XXXXXXXX" + phone[^4..]);
        var challenge = await (await mfa.ChallengeAsync(login, "oob", smsAuthenticator.GetProperty("id").GetString())).ShouldSucceedAsync();
        challenge.GetProperty("challenge_type").GetString().Should().Be("oob");
        var (code, _) = await factory.Sms.NextAsync(phone);
        code.GetProperty("body").GetString().Should().Be($"{MfaSteps.BindingCode(code.GetProperty("body").GetString()!)} is your verification code for Test tenant.");

        await (await mfa.OobAsync(login, challenge.GetProperty("oob_code").GetString()!, MfaSteps.BindingCode(code.GetProperty("body").GetString()!))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Challenge_answers_by_type_and_refuses_what_the_user_or_the_client_cannot_do()
    {
        var (email, secret, _) = await mfa.EnrolledOtpUserAsync();
        var token = await mfa.MfaTokenAsync(email);

        (await (await mfa.ChallengeAsync(token, "otp", json: true)).ShouldSucceedAsync()).GetProperty("challenge_type").GetString().Should().Be("otp");
        (await (await mfa.ChallengeAsync(token, null)).ShouldSucceedAsync()).GetProperty("challenge_type").GetString().Should().Be("otp");
        await (await mfa.ChallengeAsync(token, "oob")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "unsupported_challenge_type");
        await (await mfa.ChallengeAsync(token, "push")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "unsupported_challenge_type");
        await (await mfa.ChallengeAsync(token, "otp", "totp|dev_unknown")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "not_found");
        // The first character is changed, never rewritten to itself (1 run in 64 did that when it began with "x").
        await (await mfa.ChallengeAsync((token[0] == 'x' ? "y" : "x") + token[1..], "otp")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");

        var (fresh, _) = await mfa.NewUserAsync();
        await (await mfa.ChallengeAsync(await mfa.MfaTokenAsync(fresh), "otp")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "association_required",
            "User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.");
        await (await mfa.OtpAsync(token, mfa.Code(secret, 1))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Bad_mfa_tokens_get_auth0s_errors_and_write_nothing()
    {
        var (email, secret, _) = await mfa.EnrolledOtpUserAsync();
        var token = await mfa.MfaTokenAsync(email);
        var before = await CountAsync();

        await (await mfa.OtpAsync("garbage", mfa.Code(secret, 1))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");
        await (await mfa.OtpAsync(new string('A', 43), mfa.Code(secret, 1))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");
        await (await mfa.OtpAsync(token + "A", mfa.Code(secret, 1), json: true)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");
        await (await mfa.GrantAsync(MfaSteps.OtpGrant, token, [])).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "Missing required parameter: otp");
        await (await mfa.OtpAsync(token, "12345")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");
        await (await mfa.OtpAsync(token, "12345a")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");
        await (await mfa.OtpAsync(token, "１２３４５６")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");
        await (await mfa.RecoveryAsync(token, "short")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid recovery_code.");
        await (await mfa.RecoveryAsync(token, "!!!!!!!!!!!!!!!!!!!!!!!!")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid recovery_code.");
        await (await mfa.OobAsync(token, "not-an-oob-code", "123456")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid oob_code.");
        await (await mfa.AuthenticatorsAsync("garbage")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_grant", "Malformed mfa_token");
        await (await mfa.AssociateAsync(token, new { authenticator_types = new[] { "oob" }, oob_channels = new[] { "voice" } })).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "User is already enrolled");

        // Another client's token is not this client's to use.
        var other = new MfaSteps(http, factory.Clock, MfaFactory.OtpOnlyClientId, MfaFactory.OtpOnlyClientSecret);
        await (await other.OtpAsync(token, mfa.Code(secret, 1))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");
        (await CountAsync()).Should().Be(before);

        factory.Clock.Advance(TimeSpan.FromSeconds(601));
        await (await mfa.OtpAsync(token, mfa.Code(secret))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "expired_token", "mfa_token is expired");
        await (await mfa.AuthenticatorsAsync(token)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "expired_token", "mfa_token is expired");
        await (await mfa.ChallengeAsync(token, "otp")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "expired_token", "mfa_token is expired");
        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Wrong_codes_drain_a_bucket_of_ten_that_refills_one_every_six_minutes_and_passwords_do_not_touch_it()
    {
        var (email, secret, _) = await mfa.EnrolledOtpUserAsync();
        var token = await mfa.MfaTokenAsync(email);
        var wrong = mfa.Code(secret, 1) == "000000" ? "000001" : "000000";
        for (var i = 0; i < 10; i++)
        {
            await (await mfa.OtpAsync(token, wrong)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");
        }

        // Failed passwords count elsewhere (brute-force protection), and a new mfa_token buys no new guesses.
        await (await http.PostFormAsync(Protocol.PasswordGrant(email, "wrong password", MfaFactory.ClientId, MfaFactory.ClientSecret))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        var fresh = await mfa.MfaTokenAsync(email);
        await (await mfa.OtpAsync(fresh, mfa.Code(secret, 1))).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        await mfa.Management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == email, "&q=type:gd_otp_rate_limit_exceed");

        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        await (await mfa.OtpAsync(fresh, mfa.Code(secret))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Without_a_policy_no_mfa_is_asked_and_confidence_score_challenges_only_enrolled_users()
    {
        var (enrolled, _, _) = await mfa.EnrolledOtpUserAsync();
        var (plain, _) = await mfa.NewUserAsync();
        try
        {
            await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"]);
            await (await mfa.LoginAsync(enrolled)).ShouldSucceedAsync();

            await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"], "confidence-score");
            await (await mfa.LoginAsync(plain)).ShouldSucceedAsync();
            (await mfa.MfaRequiredAsync(enrolled)).GetProperty("mfa_requirements").GetProperty("challenge").GetArrayLength().Should().BeGreaterThan(0);

            await mfa.ConfigureAsync([], "all-applications");
            await (await mfa.LoginAsync(plain)).ShouldSucceedAsync();
        }
        finally
        {
            await mfa.ConfigureAsync(["otp", "email", "sms", "recovery-code"], "all-applications");
        }
    }

    private Task<int> CountAsync() => factory.WithDbAsync(async db =>
        await db.MfaAuthenticators.CountAsync() + await db.MfaOobCodes.CountAsync() + await db.MfaTransactions.CountAsync(t => t.ConsumedAt != null)
        + await db.Database.SqlQueryRaw<int>("SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM mfa_used_otp_steps").SingleAsync()
        + await db.Database.SqlQueryRaw<int>("SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM mfa_attempts").SingleAsync()
        + await db.Outbox.CountAsync());
}
