namespace Authgate.Dashboard;

/// <summary>Who may open a dashboard page: anyone (sign-in), a session awaiting its TOTP code, or a signed-in administrator (the default).</summary>
internal enum DashboardAccessLevel
{
    Anyone,
    AwaitingCode,
    SignedIn,
}
