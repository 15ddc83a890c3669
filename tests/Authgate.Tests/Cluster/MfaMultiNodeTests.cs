using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using Authgate.Tests.Mfa;

namespace Authgate.Tests.Cluster;

/// <summary>Two MFA nodes on one PostgreSQL database, with one SMTP sink and one SMS webhook receiver.</summary>
public sealed class TwoMfaNodes : IAsyncLifetime
{
    public Nodes Nodes { get; private set; } = null!;

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public WebhookReceiver Sms { get; } = new();

    public async Task InitializeAsync()
    {
        if (!TestDatabase.IsPostgres)
        {
            return;
        }

        Nodes = await Nodes.StartAsync(2, tenant: MfaFactory.Tenant(), extra:
            [.. MfaFactory.Settings(Smtp, Sms).Select(s => $"--{s.Key}={s.Value}"), "--Authgate:Mfa:DeliveriesPerUserPerHour=1000"]);
    }

    public async Task DisposeAsync()
    {
        if (Nodes is not null)
        {
            await Nodes.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

/// <summary>Enrol on one node, challenge on another, verify on the first: every MFA decision holds across nodes.</summary>
public sealed class MfaMultiNodeTests(TwoMfaNodes cluster) : IClassFixture<TwoMfaNodes>
{
    [PostgresFact]
    public async Task Enrolment_challenge_and_verification_move_between_nodes_and_codes_work_once_on_any_node()
    {
        var a = new MfaSteps(cluster.Nodes.Client(0), TimeProvider.System);
        var b = new MfaSteps(cluster.Nodes.Client(1), TimeProvider.System);
        await a.ConfigureAsync(["otp", "sms", "recovery-code"], "all-applications");
        var (email, _) = await b.NewUserAsync();

        // TOTP: enrol on A, challenge on B, verify on A; the same code is then refused on B.
        var enrolToken = await a.MfaTokenAsync(email);
        var secret = (await a.AssociateOtpAsync(enrolToken)).GetProperty("secret").GetString()!;
        await (await a.OtpAsync(enrolToken, a.Code(secret, -1))).ShouldSucceedAsync();
        var token = await a.MfaTokenAsync(email);
        (await (await b.ChallengeAsync(token, "otp")).ShouldSucceedAsync()).GetProperty("challenge_type").GetString().Should().Be("otp");
        var code = a.Code(secret);
        await (await a.OtpAsync(token, code)).ShouldSucceedAsync();
        await (await b.OtpAsync(await b.MfaTokenAsync(email), code)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid otp_code.");

        // An mfa_token used on A is useless on B.
        await (await b.OtpAsync(token, a.Code(secret, 1))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Malformed mfa_token");

        // SMS: a second user enrols on B, is challenged on A, verifies on B.
        var (second, _) = await a.NewUserAsync();
        var phone = "+1415666" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var smsToken = await b.MfaTokenAsync(second);
        var enrolment = await (await b.AssociateAsync(smsToken, new { authenticator_types = new[] { "oob" }, oob_channels = new[] { "sms" }, phone_number = phone })).ShouldSucceedAsync();
        var (sms, _) = await cluster.Sms.NextAsync(phone);
        await (await a.OobAsync(smsToken, enrolment.GetProperty("oob_code").GetString()!, MfaSteps.BindingCode(sms.GetProperty("body").GetString()!))).ShouldSucceedAsync();

        var login = await b.MfaTokenAsync(second);
        var challenge = await (await a.ChallengeAsync(login, "oob")).ShouldSucceedAsync();
        var (text, _) = await cluster.Sms.NextAsync(phone);
        var binding = MfaSteps.BindingCode(text.GetProperty("body").GetString()!);
        await (await b.OobAsync(login, challenge.GetProperty("oob_code").GetString()!, binding)).ShouldSucceedAsync();
        await (await a.OobAsync(await a.MfaTokenAsync(second), challenge.GetProperty("oob_code").GetString()!, binding)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Invalid oob_code.");
    }

    [PostgresFact]
    public async Task Both_nodes_deliver_the_outbox_and_no_message_is_sent_twice()
    {
        var a = new MfaSteps(cluster.Nodes.Client(0), TimeProvider.System);
        var b = new MfaSteps(cluster.Nodes.Client(1), TimeProvider.System);
        await a.ConfigureAsync(["otp", "sms", "recovery-code"], "all-applications");
        var (email, _) = await a.NewUserAsync();
        var phone = "+1415777" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = await a.MfaTokenAsync(email);
        var enrolment = await (await a.AssociateAsync(token, new { authenticator_types = new[] { "oob" }, oob_channels = new[] { "sms" }, phone_number = phone })).ShouldSucceedAsync();
        var (first, _) = await cluster.Sms.NextAsync(phone);
        await (await b.OobAsync(token, enrolment.GetProperty("oob_code").GetString()!, MfaSteps.BindingCode(first.GetProperty("body").GetString()!))).ShouldSucceedAsync();

        const int Challenges = 12;
        var login = await a.MfaTokenAsync(email);
        var sent = await Task.WhenAll(Enumerable.Range(0, Challenges).Select(i => (i % 2 == 0 ? a : b).ChallengeAsync(login, "oob")));
        sent.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);

        var ids = new List<string>();
        for (var i = 0; i < Challenges; i++)
        {
            ids.Add((await cluster.Sms.NextAsync(phone)).Body.GetProperty("message_id").GetString()!);
        }

        ids.Should().OnlyHaveUniqueItems();
        // Nothing more arrives: every message was claimed by exactly one node.
        await FluentActions.Awaiting(() => cluster.Sms.NextAsync(phone, TimeSpan.FromSeconds(3))).Should().ThrowAsync<OperationCanceledException>();
    }
}
