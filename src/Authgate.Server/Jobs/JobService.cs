using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Schemas;
using Authgate.Hosting;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Jobs;

/// <summary>
/// The jobs resource (<c>/api/v2/jobs</c>): creates import and export jobs (rows in the shared database), starts
/// them on this node, and answers for any job whatever node runs it. A job that stopped being updated (its node
/// died) is failed here, so no job stays "processing" forever.
/// </summary>
internal sealed class JobService(AuthDbContext db, WriteGate writes, JobRunner runner, DownloadLinks links, TimeProvider time, IOptions<JobsOptions> options, IOptions<AuthgateOptions> host)
{
    public string UploadDirectory => Path.Combine(host.Value.DataDirectory, "jobs");

    public async Task<AdminResult<JsonObject>> CreateImportAsync(ImportRequest request, CancellationToken cancellationToken, bool start = true)
    {
        if (request.UploadPath is null)
        {
            return AdminError.Invalid(FieldError.Missing("users"));
        }

        if (request.ConnectionId is null)
        {
            return AdminError.Invalid(FieldError.Missing("connection_id"));
        }

        if (!Flag(request.Upsert, false, out var upsert) || !Flag(request.SendCompletionEmail, true, out var email))
        {
            return AdminError.Invalid(FieldError.At(Flag(request.Upsert, false, out _) ? "send_completion_email" : "upsert", "Expected type boolean"));
        }

        if (request.ExternalId is { Length: > 128 })
        {
            return AdminError.Invalid(FieldError.At("external_id", "String is too long, maximum 128"));
        }

        var connection = await db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.ConnectionId, cancellationToken);
        if (connection is null)
        {
            return AdminError.BadRequest("The connection does not exist", "inexistent_connection");
        }

        if (connection.Strategy != Strategies.Auth0)
        {
            return AdminError.BadRequest("Users can be imported into database connections only.", "invalid_connection");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var job = new Job
        {
            Id = NewId(),
            Type = Job.UsersImport,
            ConnectionId = connection.Id,
            ExternalId = request.ExternalId,
            Upsert = upsert,
            SendCompletionEmail = email,
            TotalBytes = new FileInfo(request.UploadPath).Length,
            CreatedAt = now,
            UpdatedAt = now,
        };
        using (await writes.EnterAsync(cancellationToken))
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var file = Path.Combine(UploadDirectory, job.Id + ".users");
        File.Move(request.UploadPath, file);
        if (start)
        {
            runner.Start(job.Id, (services, token) => services.GetRequiredService<UserImporter>().RunAsync(job.Id, file, null, token));
        }

        return View(job, connection.Name);
    }

    public async Task<AdminResult<JsonObject>> CreateExportAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        var format = request.Format ?? "json";
        if (format is not ("json" or "csv"))
        {
            return AdminError.Invalid(FieldError.At("format", $"No enum match for: {format}"));
        }

        if (request.Limit is < 1)
        {
            return AdminError.Invalid(FieldError.At("limit", $"Value {request.Limit} is less than minimum 1"));
        }

        var fields = request.Fields;
        for (var i = 0; i < (fields?.Count ?? 0); i++)
        {
            var field = fields![i];
            if (field.Name is not { Length: > 0 and <= 100 } || !ExportField.Roots.Contains(field.Root))
            {
                return AdminError.Invalid(FieldError.Rule($"unknown field '{field.Name}' on property fields[{i}].name (one of {string.Join(", ", ExportField.Roots)}, or a path under them)."));
            }

            if (field.ExportAs is { Length: > 100 })
            {
                return AdminError.Invalid(FieldError.At($"fields[{i}].export_as", $"String is too long ({field.ExportAs.Length} chars), maximum 100"));
            }

            if (format == "csv" && field.Name is "app_metadata" or "user_metadata" or "identities")
            {
                return AdminError.Invalid(FieldError.Rule($"CSV exports take sub-fields of {field.Name} (e.g. {field.Name}.name), not the whole object (fields[{i}])."));
            }
        }

        if (format == "csv" && fields is { Count: > 30 })
        {
            return AdminError.Invalid(FieldError.At("fields", "Array is too long, maximum 30"));
        }

        string? connectionName = null;
        if (request.ConnectionId is { } connectionId)
        {
            connectionName = await db.Connections.Where(c => c.Id == connectionId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
            if (connectionName is null)
            {
                return AdminError.BadRequest("The connection does not exist", "inexistent_connection");
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var job = new Job
        {
            Id = NewId(),
            Type = Job.UsersExport,
            ConnectionId = request.ConnectionId,
            Format = format,
            LimitCount = request.Limit,
            FieldsJson = fields is null ? null : JsonSerializer.Serialize(fields),
            CreatedAt = now,
            UpdatedAt = now,
        };
        using (await writes.EnterAsync(cancellationToken))
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        Directory.CreateDirectory(UploadDirectory);
        var work = Path.Combine(UploadDirectory, job.Id + ".export");
        runner.Start(job.Id, (services, token) => services.GetRequiredService<UserExporter>().RunAsync(job.Id, work, token));
        return View(job, connectionName);
    }

    /// <summary>The job as Auth0 shows it, from any node; null when there is none.</summary>
    public async Task<JsonObject?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (job.Status is Job.Pending or Job.Processing && now - job.UpdatedAt > options.Value.StaleAfter)
        {
            job.Status = Job.Failed;
            job.StatusDetails = "The server running the job stopped before it finished; run the job again (an import with upsert is idempotent).";
            using (await writes.EnterAsync(cancellationToken))
            {
                await db.Jobs.Where(j => j.Id == id && j.UpdatedAt == job.UpdatedAt).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, job.Status).SetProperty(j => j.StatusDetails, job.StatusDetails), cancellationToken);
            }
        }

        var name = job.ConnectionId is null ? null : await db.Connections.Where(c => c.Id == job.ConnectionId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        return View(job, name);
    }

    /// <summary>The refused users of an import: null when the job does not exist.</summary>
    public async Task<JsonArray?> ErrorsAsync(string id, CancellationToken cancellationToken)
    {
        if (!await db.Jobs.AnyAsync(j => j.Id == id, cancellationToken))
        {
            return null;
        }

        var rows = await db.JobErrors.AsNoTracking().Where(e => e.JobId == id).OrderBy(e => e.Seq).Take(10_000).ToListAsync(cancellationToken);
        return new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
        {
            ["user"] = JsonNode.Parse(r.UserJson),
            ["errors"] = JsonNode.Parse(r.ErrorsJson),
        }).ToArray());
    }

    /// <summary>The chunks of a completed export's file, in order, for a valid download link; null otherwise.</summary>
    public async Task<IAsyncEnumerable<byte[]>?> DownloadAsync(string id, string? expires, string? signature, CancellationToken cancellationToken)
    {
        if (!links.IsValid(id, expires, signature) || !await db.Jobs.AnyAsync(j => j.Id == id && j.Type == Job.UsersExport && j.Status == Job.Completed, cancellationToken))
        {
            return null;
        }

        return db.JobChunks.AsNoTracking().Where(c => c.JobId == id).OrderBy(c => c.Seq).Select(c => c.Data).AsAsyncEnumerable();
    }

    private JsonObject View(Job job, string? connectionName)
    {
        var view = new JsonObject
        {
            ["type"] = job.Type,
            ["status"] = job.Status,
            ["created_at"] = Admin.AdminTime.Iso(job.CreatedAt),
            ["id"] = job.Id,
        };
        if (job.ConnectionId is not null)
        {
            view["connection_id"] = job.ConnectionId;
            view["connection"] = connectionName;
        }

        if (job.ExternalId is not null)
        {
            view["external_id"] = job.ExternalId;
        }

        if (job.Type == Job.UsersImport)
        {
            view["upsert"] = job.Upsert;
            view["summary"] = new JsonObject { ["failed"] = job.FailedCount, ["updated"] = job.Updated, ["inserted"] = job.Inserted, ["total"] = job.Total };
        }
        else
        {
            view["format"] = job.Format;
            if (job.LimitCount is { } limit)
            {
                view["limit"] = limit;
            }

            if (job.FieldsJson is { } fields)
            {
                view["fields"] = JsonNode.Parse(fields);
            }

            if (job.Status == Job.Completed)
            {
                view["location"] = links.Create(job.Id);
            }
        }

        if (job.Status != Job.Pending)
        {
            var done = job.TotalBytes == 0 ? 100 : (int)Math.Min(100, job.ProcessedBytes * 100 / job.TotalBytes);
            view["percentage_done"] = job.Status == Job.Completed ? 100 : done;
            var elapsed = (job.UpdatedAt - job.CreatedAt).TotalSeconds;
            view["time_left_seconds"] = job.Status == Job.Completed || done == 0 ? 0 : (int)(elapsed * (100 - done) / done);
        }

        if (job.StatusDetails is not null)
        {
            view["status_details"] = job.StatusDetails;
        }

        return view;
    }

    /// <summary>Multipart fields are strings: <c>true</c>/<c>false</c>, absent means the default.</summary>
    private static bool Flag(string? value, bool fallback, out bool result)
    {
        result = value is null ? fallback : string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        return value is null || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
    }

    private static string NewId() => "job_" + System.Security.Cryptography.RandomNumberGenerator.GetString(RandomValues.Alphanumeric, 16);
}
