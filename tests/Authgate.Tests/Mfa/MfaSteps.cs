using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using OtpNet;

namespace Authgate.Tests.Mfa;

/// <summary>What an application does on the wire for MFA: password grant, MFA API calls, MFA grants.</summary>
public sealed class MfaSteps(HttpClient http, TimeProvider clock, string clientId = MfaFactory.ClientId, string clientSecret = MfaFactory.ClientSecret)
{
    public const string OtpGrant = "http://auth0.com/oauth/grant-type/mfa-otp";
    public const string OobGrant = "http://auth0.com/oauth/grant-type/mfa-oob";
    public const string RecoveryGrant = "http://auth0.com/oauth/grant-type/mfa-recovery-code";

    private readonly Infrastructure.Management management = new(http);

    public Infrastructure.Management Management => management;

    /// <summary>Turns factors on (and the others off) and sets the policies.</summary>
    public async Task ConfigureAsync(string[] factors, params string[] policies)
    {
        foreach (var factor in new[] { "otp", "email", "sms", "recovery-code" })
        {
            await management.OkAsync(HttpMethod.Put, $"guardian/factors/{factor}", new { enabled = factors.Contains(factor) });
        }

        await management.OkAsync(HttpMethod.Put, "guardian/policies", policies);
    }

    /// <summary>A fresh user of the default connection, so tests do not share buckets or enrolments.</summary>
    public async Task<(string Email, string UserId)> NewUserAsync()
    {
        var email = $"mfa-{Guid.NewGuid():N}@example.test";
        var user = await management.PostAsync("users", new { connection = TestTenant.Connection, email, password = TestTenant.Password, email_verified = true });
        return (email, user["user_id"]!.GetValue<string>());
    }

    public Task<HttpResponseMessage> LoginAsync(string email, string? scope = "openid offline_access", string? audience = TestTenant.Api) =>
        http.PostFormAsync(Protocol.PasswordGrant(email, TestTenant.Password, clientId, clientSecret, audience, scope));

    /// <summary>Logs in and expects <c>mfa_required</c>; the whole error body.</summary>
    public async Task<JsonElement> MfaRequiredAsync(string email, string? scope = "openid offline_access", string? audience = TestTenant.Api)
    {
        var response = await LoginAsync(email, scope, audience);
        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "mfa_required", "Multifactor authentication required");
        return await response.JsonAsync();
    }

    public async Task<string> MfaTokenAsync(string email, string? scope = "openid offline_access", string? audience = TestTenant.Api) =>
        (await MfaRequiredAsync(email, scope, audience)).GetProperty("mfa_token").GetString()!;

    public Task<HttpResponseMessage> AssociateAsync(string bearer, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mfa/associate") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> AuthenticatorsAsync(string bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/mfa/authenticators");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> DeleteAuthenticatorAsync(string bearer, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/mfa/authenticators/" + Uri.EscapeDataString(id));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http.SendAsync(request);
    }

    /// <summary><c>POST /mfa/challenge</c> as auth0.net sends it (a form), or as auth0-auth-js does (JSON).</summary>
    public Task<HttpResponseMessage> ChallengeAsync(string mfaToken, string? challengeType, string? authenticatorId = null, bool json = false)
    {
        var body = new Dictionary<string, string> { ["mfa_token"] = mfaToken, ["client_id"] = clientId, ["client_secret"] = clientSecret };
        if (challengeType is not null)
        {
            body["challenge_type"] = challengeType;
        }

        if (authenticatorId is not null)
        {
            body["authenticator_id"] = authenticatorId;
        }

        return json ? http.PostAsJsonAsync("/mfa/challenge", body) : http.PostFormAsync(body, "/mfa/challenge");
    }

    /// <summary>Associates TOTP with the mfa_token; the enrolment response.</summary>
    public async Task<JsonElement> AssociateOtpAsync(string mfaToken) =>
        await (await AssociateAsync(mfaToken, new { authenticator_types = new[] { "otp" } })).ShouldSucceedAsync();

    public Task<HttpResponseMessage> GrantAsync(string grantType, string mfaToken, Dictionary<string, string> parameters, bool json = false)
    {
        var body = new Dictionary<string, string>(parameters) { ["grant_type"] = grantType, ["mfa_token"] = mfaToken, ["client_id"] = clientId, ["client_secret"] = clientSecret };
        return json ? http.PostAsJsonAsync("/oauth/token", body) : http.PostFormAsync(body);
    }

    public Task<HttpResponseMessage> OtpAsync(string mfaToken, string otp, bool json = false) => GrantAsync(OtpGrant, mfaToken, new() { ["otp"] = otp }, json);

    public Task<HttpResponseMessage> OobAsync(string mfaToken, string oobCode, string bindingCode) =>
        GrantAsync(OobGrant, mfaToken, new() { ["oob_code"] = oobCode, ["binding_code"] = bindingCode });

    public Task<HttpResponseMessage> RecoveryAsync(string mfaToken, string code) => GrantAsync(RecoveryGrant, mfaToken, new() { ["recovery_code"] = code });

    /// <summary>The TOTP code of <paramref name="secret"/> (base32) at the server's time, shifted by whole steps.</summary>
    public string Code(string secret, int steps = 0) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(clock.GetUtcNow().UtcDateTime.AddSeconds(30 * steps));

    /// <summary>A user enrolled with TOTP (and a recovery code when that factor is on): email, secret, recovery codes.</summary>
    public async Task<(string Email, string Secret, string? RecoveryCode)> EnrolledOtpUserAsync()
    {
        var (email, _) = await NewUserAsync();
        var token = await MfaTokenAsync(email);
        var enrolment = await AssociateOtpAsync(token);
        var secret = enrolment.GetProperty("secret").GetString()!;
        await (await OtpAsync(token, Code(secret))).ShouldSucceedAsync();
        var recovery = enrolment.TryGetProperty("recovery_codes", out var codes) ? codes[0].GetString() : null;
        return (email, secret, recovery);
    }

    /// <summary>The six digits of a message such as "123456 is your verification code for …".</summary>
    public static string BindingCode(string text) => System.Text.RegularExpressions.Regex.Match(text, @"\b(\d{6})\b").Groups[1].Value;
}
