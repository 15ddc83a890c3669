namespace Authgate.Storage.Entities;

/// <summary>
/// An email or SMS waiting for delivery. The payload (recipient and text, which may hold a one-time code) is
/// encrypted and cleared once sent. A sender claims a row for a lease by writing a random <see cref="Claim"/>.
/// </summary>
internal sealed class OutboxMessage
{
    public required string Id { get; set; }
    public required string Channel { get; set; }
    public string? Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? Claim { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}
