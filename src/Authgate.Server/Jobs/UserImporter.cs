using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Jobs;

/// <summary>
/// Runs an import job over its uploaded file, streaming: a JSON array (Auth0's bulk-import file) is read one element
/// at a time, NDJSON (Auth0's password-hash export) one line at a time, and users are written in batches, each batch
/// with the job's progress in one transaction. Memory stays flat whatever the file size. A refused user (or an
/// unreadable NDJSON line) becomes a job error and the job goes on. Users match on email: with <c>upsert</c> the
/// given fields are updated (metadata replaced, <c>password_hash</c> never), without it the user is a
/// <c>DUPLICATED_USER</c> error — so retrying a file with upsert is idempotent.
/// </summary>
internal sealed partial class UserImporter(AuthDbContext db, WriteGate writes, TimeProvider time, IOptions<JobsOptions> options, ILogger<UserImporter> logger)
{
    private sealed record Item(long Seq, JsonElement? Element, ImportedUser? User, List<ImportError> Errors, string? RawLine = null);

    /// <param name="progress">Bytes read so far and the file size, after each batch (the CLI's progress bar).</param>
    public async Task RunAsync(string jobId, string file, IProgress<(long Done, long Total)>? progress, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        try
        {
            var connection = await db.Connections.AsNoTracking().FirstAsync(c => c.Id == job.ConnectionId, cancellationToken);
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await SetAsync(jobId, s => s.SetProperty(j => j.Status, Job.Processing).SetProperty(j => j.TotalBytes, stream.Length), cancellationToken);
            var batch = new List<Item>(options.Value.BatchSize);
            var seq = 0L;
            await foreach (var item in ReadAsync(stream, connection, cancellationToken))
            {
                batch.Add(item with { Seq = seq++ });
                if (batch.Count >= options.Value.BatchSize)
                {
                    await WriteBatchAsync(job, batch, stream.Position, cancellationToken);
                    progress?.Report((stream.Position, stream.Length));
                    batch.Clear();
                }
            }

            await WriteBatchAsync(job, batch, stream.Length, cancellationToken);
            progress?.Report((stream.Length, stream.Length));
            var now = time.GetUtcNow().UtcDateTime;
            await SetAsync(jobId, s => s.SetProperty(j => j.Status, Job.Completed).SetProperty(j => j.CompletedAt, now), cancellationToken);
        }
        catch (Exception e) when (e is JsonException or IOException or DecoderFallbackException)
        {
            // The file itself is unreadable past this point (a broken JSON array cannot be resumed): the job fails,
            // and the users written so far stay.
            ImportFailed(logger, jobId, e.GetType().Name);
            await SetAsync(jobId, s => s.SetProperty(j => j.Status, Job.Failed).SetProperty(j => j.StatusDetails, "The users file is not valid JSON: " + e.Message), CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async IAsyncEnumerable<Item> ReadAsync(FileStream stream, Connection connection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = -1;
        while ((first = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
        {
        }

        stream.Position = first < 0 ? stream.Position : stream.Position - 1;
        var now = time.GetUtcNow().UtcDateTime;
        if (first == '[')
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken))
            {
                var (user, errors) = ImportedUser.Read(element, connection, now);
                yield return new Item(0, element, user, errors);
            }

            yield break;
        }

        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement element = default;
            string? problem = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                problem = e.Message;
            }

            if (problem is not null)
            {
                yield return new Item(0, null, null, [new("INVALID_JSON", "The line is not valid JSON: " + problem, "")], line.Length > 1024 ? line[..1024] : line);
                continue;
            }

            var (user, errors) = ImportedUser.Read(element, connection, now);
            yield return new Item(0, element, user, errors);
        }
    }

    private async Task WriteBatchAsync(Job job, List<Item> batch, long position, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            await SetAsync(job.Id, s => s.SetProperty(j => j.ProcessedBytes, position), cancellationToken);
            return;
        }

        // Duplicates inside the batch are caught here; against stored users, by the database's unique indexes.
        var candidates = new List<Item>(batch.Count);
        var seenEmails = new HashSet<string>(StringComparer.Ordinal);
        var seenUsernames = new HashSet<string>(StringComparer.Ordinal);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in batch.Where(i => i.User is not null))
        {
            var user = item.User!.User;
            if ((user.NormalizedEmail is { } e && !seenEmails.Add(e)) || !seenIds.Add(user.UserId) || (user.NormalizedUsername is { } n && !seenUsernames.Add(n)))
            {
                item.Errors.Add(new("DUPLICATED_USER", "The user appears more than once in the file.", ""));
                continue;
            }

            candidates.Add(item);
        }

        var now = time.GetUtcNow().UtcDateTime;
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var conflicts = await UserRows.InsertNewAsync(db, candidates.Select(c => c.User!.User).ToList(), cancellationToken);
            var updated = conflicts.Count == 0 ? 0 : await ResolveAsync(job, conflicts.Select(i => candidates[i]).ToList(), cancellationToken);
            var failures = batch.Where(i => i.Errors.Count > 0).Select(i => new JobError
            {
                JobId = job.Id,
                Seq = i.Seq,
                UserJson = EchoedUser(i),
                ErrorsJson = JsonSerializer.Serialize(i.Errors),
            }).ToList();
            db.JobErrors.AddRange(failures);
            await db.SaveChangesAsync(cancellationToken);
            var inserted = candidates.Count - conflicts.Count;
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Total, j => j.Total + batch.Count)
                .SetProperty(j => j.Inserted, j => j.Inserted + inserted)
                .SetProperty(j => j.Updated, j => j.Updated + updated)
                .SetProperty(j => j.FailedCount, j => j.FailedCount + failures.Count)
                .SetProperty(j => j.ProcessedBytes, position)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The users whose insert met a stored user: matched by email they are updated (upsert) or reported; an id or a
    /// username held by someone else is reported. Returns how many were updated.
    /// </summary>
    private async Task<int> ResolveAsync(Job job, List<Item> conflicts, CancellationToken cancellationToken)
    {
        var connectionId = job.ConnectionId!;
        var emails = conflicts.Select(i => i.User!.User.NormalizedEmail).OfType<string>().ToList();
        var usernames = conflicts.Select(i => i.User!.User.NormalizedUsername).OfType<string>().ToList();
        var ids = conflicts.Select(i => i.User!.User.UserId).ToList();
        var byEmail = (await db.Users.AsTracking().Where(u => u.ConnectionId == connectionId && emails.Contains(u.NormalizedEmail!)).ToListAsync(cancellationToken))
            .ToDictionary(u => u.NormalizedEmail!, StringComparer.Ordinal);
        var takenUsernames = (await db.Users.Where(u => u.ConnectionId == connectionId && usernames.Contains(u.NormalizedUsername!))
            .Select(u => new { u.NormalizedUsername, u.UserId }).ToListAsync(cancellationToken)).ToDictionary(u => u.NormalizedUsername!, u => u.UserId, StringComparer.Ordinal);
        var takenIds = (await db.Users.Where(u => ids.Contains(u.UserId)).Select(u => u.UserId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var updated = 0;
        foreach (var item in conflicts)
        {
            var user = item.User!.User;
            if (user.NormalizedEmail is { } email && byEmail.TryGetValue(email, out var existing))
            {
                if (!job.Upsert)
                {
                    item.Errors.Add(new("DUPLICATED_USER", "The user already exists.", "email"));
                }
                else if (user.NormalizedUsername is { } name && takenUsernames.TryGetValue(name, out var holder) && holder != existing.UserId)
                {
                    item.Errors.Add(new("CONFLICT_USERNAME", "Another user has this username.", "username"));
                }
                else
                {
                    Update(existing, item);
                    updated++;
                }
            }
            else if (takenIds.Contains(user.UserId))
            {
                item.Errors.Add(new("DUPLICATED_USER", "The user already exists.", "user_id"));
            }
            else
            {
                item.Errors.Add(new("CONFLICT_USERNAME", "Another user has this username.", "username"));
            }
        }

        return updated;
    }

    /// <summary>Upsert: the fields the file gives replace the stored ones; email, user_id and password_hash never change.</summary>
    private void Update(User existing, Item item)
    {
        var element = item.Element!.Value;
        var given = item.User!.User;
        bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
        if (Has("email_verified")) { existing.EmailVerified = given.EmailVerified; }
        if (Has("username")) { existing.Username = given.Username; existing.NormalizedUsername = given.NormalizedUsername; }
        if (Has("name")) { existing.Name = given.Name; }
        if (Has("given_name")) { existing.GivenName = given.GivenName; }
        if (Has("family_name")) { existing.FamilyName = given.FamilyName; }
        if (Has("nickname")) { existing.Nickname = given.Nickname; }
        if (Has("picture")) { existing.Picture = given.Picture; }
        if (Has("blocked")) { existing.Blocked = given.Blocked; }
        if (Has("app_metadata")) { existing.AppMetadataJson = given.AppMetadataJson; }
        if (Has("user_metadata")) { existing.UserMetadataJson = given.UserMetadataJson; }
        if (item.User.CustomHash is { } hash)
        {
            existing.PasswordHash = hash;
            existing.PasswordChangedAt = given.PasswordChangedAt;
        }

        existing.UpdatedAt = given.UpdatedAt;
    }

    /// <summary>The refused user as given, without any password hash.</summary>
    private static string EchoedUser(Item item)
    {
        if (item.Element is not { ValueKind: JsonValueKind.Object } element)
        {
            return new JsonObject { ["line"] = item.RawLine ?? item.Element?.GetRawText() }.ToJsonString();
        }

        var copy = JsonNode.Parse(element.GetRawText())!.AsObject();
        copy.Remove("password_hash");
        copy.Remove("custom_password_hash");
        copy.Remove("passwordHash");
        return copy.ToJsonString();
    }

    private async Task SetAsync(string jobId, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Job>> set, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s =>
            {
                set(s);
                s.SetProperty(j => j.UpdatedAt, now);
            }, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 5600, Level = LogLevel.Warning, Message = "Import job {JobId} failed: unreadable file ({Reason})")]
    private static partial void ImportFailed(ILogger logger, string jobId, string reason);
}
