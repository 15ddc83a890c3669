namespace Authgate.Storage.Entities;

/// <summary>
/// A users import or export job (<c>/api/v2/jobs</c>), shared by every node: the node that accepted it runs it and
/// writes its progress here, so any node answers for it.
/// </summary>
internal sealed class Job
{
    public const string UsersImport = "users_import";
    public const string UsersExport = "users_export";
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public required string Id { get; set; }
    public required string Type { get; set; }
    public string Status { get; set; } = Pending;
    public string? ConnectionId { get; set; }
    public string? ExternalId { get; set; }
    public bool Upsert { get; set; }
    public bool SendCompletionEmail { get; set; }
    /// <summary>Export: <c>json</c> (NDJSON) or <c>csv</c>.</summary>
    public string? Format { get; set; }
    public int? LimitCount { get; set; }
    /// <summary>Export: the requested fields, as the JSON array of the request.</summary>
    public string? FieldsJson { get; set; }
    public long Total { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long FailedCount { get; set; }
    public long ProcessedBytes { get; set; }
    public long TotalBytes { get; set; }
    public string? StatusDetails { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Written with every batch: a processing job whose node stopped is recognised by a stale value.</summary>
    public DateTime UpdatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
