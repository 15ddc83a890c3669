namespace Authgate.Jobs;

/// <summary>The fields of a <c>POST /jobs/users-imports</c> form, with the <c>users</c> file already saved at <see cref="UploadPath"/>.</summary>
internal sealed record ImportRequest(string? ConnectionId, string? Upsert, string? ExternalId, string? SendCompletionEmail, string? UploadPath);
