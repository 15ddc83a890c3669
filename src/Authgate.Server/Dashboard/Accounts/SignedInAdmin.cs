namespace Authgate.Dashboard.Accounts;

/// <summary>The administrator behind a dashboard request.</summary>
internal sealed record SignedInAdmin(string Id, string Email, string SessionHash);
