namespace Authgate.Storage.Entities;

/// <summary>A tenant log event with Auth0's fields (<c>/api/v2/logs</c>). Never holds a password, secret or token.</summary>
internal sealed class LogEvent
{
    public required string LogId { get; set; }
    /// <summary>Orders events written in the same millisecond.</summary>
    public long Seq { get; set; }
    public DateTime Date { get; set; }
    public required string Type { get; set; }
    public string? Description { get; set; }
    public string? ClientId { get; set; }
    public string? ClientName { get; set; }
    public string? Connection { get; set; }
    public string? ConnectionId { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Ip { get; set; }
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
    public string? Audience { get; set; }
    public string? Scope { get; set; }
    public string? Strategy { get; set; }
    public string? StrategyType { get; set; }
    public string? Hostname { get; set; }
    /// <summary>JSON object with event-specific details.</summary>
    public string? Details { get; set; }
}
