using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Management;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Jobs;

/// <summary>
/// Runs an export job: users in pages by id (never all in memory), written as NDJSON or CSV, gzipped as at Auth0, to
/// a local file that is then stored in the database in chunks so any node serves the download. Exports never
/// contain password hashes: only profile fields can be named. CSV strings that a spreadsheet would run as a formula
/// get a leading <c>'</c> (OWASP's CSV-injection advice).
/// </summary>
internal sealed class UserExporter(AuthDbContext db, WriteGate writes, TimeProvider time)
{
    private const int ChunkBytes = 512 * 1024;

    public async Task RunAsync(string jobId, string workFile, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        var format = job.Format ?? "json";
        var fields = job.FieldsJson is { } json ? JsonSerializer.Deserialize<List<ExportField>>(json)! : ExportField.Defaults(format);
        var names = await db.Connections.ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var query = db.Users.AsNoTracking().Where(u => job.ConnectionId == null || u.ConnectionId == job.ConnectionId);
        var total = Math.Min(await query.LongCountAsync(cancellationToken), job.LimitCount ?? long.MaxValue);
        await SetAsync(jobId, Job.Processing, 0, total, cancellationToken);

        long exported = 0;
        await using (var file = new FileStream(workFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            if (format == "csv")
            {
                await writer.WriteLineAsync(string.Join(',', fields.Select(f => Csv(JsonValue.Create(f.ExportAs ?? f.Name)))));
            }

            string? after = null;
            while (exported < total)
            {
                var take = (int)Math.Min(1000, total - exported);
                var page = await query.Where(u => after == null || string.Compare(u.UserId, after) > 0).OrderBy(u => u.UserId).Take(take).ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var user in page)
                {
                    var view = Admin.Users.UserRecord.View(user, names.GetValueOrDefault(user.ConnectionId));
                    if (format == "csv")
                    {
                        await writer.WriteLineAsync(string.Join(',', fields.Select(f => Csv(Select(view, f.Name!)))));
                    }
                    else
                    {
                        var line = new JsonObject();
                        foreach (var field in fields)
                        {
                            line[field.ExportAs ?? field.Name!] = Select(view, field.Name!)?.DeepClone();
                        }

                        await writer.WriteLineAsync(line.ToJsonString());
                    }
                }

                exported += page.Count;
                after = page[^1].UserId;
                await SetAsync(jobId, Job.Processing, exported, total, cancellationToken);
            }
        }

        await StoreAsync(jobId, workFile, cancellationToken);
        File.Delete(workFile);
        await SetAsync(jobId, Job.Completed, exported, total, cancellationToken);
    }

    /// <summary>The value at a profile path: <c>a.b</c> for object members, <c>a[0]</c> for array items.</summary>
    public static JsonNode? Select(JsonObject view, string path)
    {
        JsonNode? node = view;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            int? index = null;
            if (part.IndexOf('[', StringComparison.Ordinal) is var open and > 0 && part.EndsWith(']') && int.TryParse(part[(open + 1)..^1], out var i))
            {
                name = part[..open];
                index = i;
            }

            node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            if (index is { } at)
            {
                node = node is JsonArray a && at >= 0 && at < a.Count ? a[at] : null;
            }
        }

        return node;
    }

    public static string Csv(JsonNode? value)
    {
        if (value is null)
        {
            return "";
        }

        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                text = "'" + text;
            }

            return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        return value is JsonValue ? value.ToJsonString() : "\"" + value.ToJsonString().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private async Task StoreAsync(string jobId, string workFile, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(workFile);
        var buffer = new byte[ChunkBytes];
        var seq = 0;
        int read;
        while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
        {
            using (await writes.EnterAsync(cancellationToken))
            {
                db.JobChunks.Add(new JobChunk { JobId = jobId, Seq = seq++, Data = buffer[..read] });
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task SetAsync(string jobId, string status, long exported, long total, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.Total, exported)
                .SetProperty(j => j.ProcessedBytes, exported)
                .SetProperty(j => j.TotalBytes, total)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.CompletedAt, status == Job.Completed ? now : null), cancellationToken);
        }
    }
}
