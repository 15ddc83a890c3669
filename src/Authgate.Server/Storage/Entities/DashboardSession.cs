namespace Authgate.Storage.Entities;

/// <summary>
/// A dashboard session, kept in the shared database so any node honours it and signing out ends it everywhere. The
/// cookie holds a random value; only its SHA-256 is stored.
/// </summary>
internal sealed class DashboardSession
{
    /// <summary>After the password, before the TOTP code.</summary>
    public const string AwaitingCode = "code";
    public const string SignedIn = "signed_in";

    public required string IdHash { get; set; }
    public required string AdminId { get; set; }
    public required string Stage { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}
