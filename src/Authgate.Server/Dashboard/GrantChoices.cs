using Authgate.OAuth;

namespace Authgate.Dashboard;

/// <summary>The grant types the dashboard offers for an application, with the names Auth0's dashboard shows.</summary>
internal static class GrantChoices
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        (GrantTypes.Password, "Password"),
        (GrantTypes.PasswordRealm, "Password (realm)"),
        (GrantTypes.RefreshToken, "Refresh Token"),
        (GrantTypes.ClientCredentials, "Client Credentials"),
        (GrantTypes.AuthorizationCode, "Authorization Code"),
        (GrantTypes.Implicit, "Implicit"),
        (GrantTypes.MfaOtp, "MFA (OTP)"),
        (GrantTypes.MfaOob, "MFA (OOB)"),
        (GrantTypes.MfaRecoveryCode, "MFA (recovery code)"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> AppTypes =
    [
        ("regular_web", "Regular Web Application"),
        ("spa", "Single Page Application"),
        ("native", "Native"),
        ("non_interactive", "Machine to Machine"),
    ];
}
