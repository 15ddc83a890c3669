using System.Net.Http.Headers;
using System.Text;
using Authgate.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Authgate.Management;

/// <summary><c>/api/v2/jobs</c>: users imports and exports, thin adapters over <see cref="JobService"/>.</summary>
internal static class JobsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/jobs/users-imports", ImportAsync).Scopes("create:users").Audited("Create import users job");
        api.MapPost("/jobs/users-exports", ExportAsync).Scopes("read:users").Audited("Create export users job");
        api.MapGet("/jobs/{id}", GetAsync).Scopes("create:users", "read:users");
        api.MapGet("/jobs/{id}/errors", ErrorsAsync).Scopes("create:users", "read:users");
    }

    private static ManagementError NotFound() => ManagementError.NotFound("The job does not exist.", "inexistent_job");

    /// <summary>Reads the multipart form, streaming the <c>users</c> part to a file: an import can be far larger than memory.</summary>
    private static async Task<IResult> ImportAsync(HttpContext http, JobService jobs, IOptions<JobsOptions> options)
    {
        var limit = options.Value.MaxImportBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 64 * 1024;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !string.Equals(type.MediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || type.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"') is not { Length: > 0 and <= 200 } boundary)
        {
            return ManagementResults.Error(ManagementError.BadBody("Content-Type must be multipart/form-data."));
        }

        Directory.CreateDirectory(jobs.UploadDirectory);
        var upload = Path.Combine(jobs.UploadDirectory, "upload-" + Guid.NewGuid().ToString("N"));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasFile = false;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = limit };
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } name)
                {
                    continue;
                }

                name = name.Trim('"');
                if (name == "users")
                {
                    await using var file = new FileStream(upload, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                    await section.Body.CopyToAsync(file, http.RequestAborted);
                    hasFile = true;
                }
                else
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[1025];
                    var read = await text.ReadBlockAsync(buffer, http.RequestAborted);
                    if (read > 1024)
                    {
                        return ManagementResults.Error(ManagementError.BadBody($"Payload validation error: the form field {name} is too long."));
                    }

                    fields[name] = new string(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            File.Delete(upload);
            return ManagementResults.Error(e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) || e is BadHttpRequestException { StatusCode: 413 }
                ? ManagementError.TooLarge((int)Math.Min(int.MaxValue, limit))
                : ManagementError.BadBody("The multipart body could not be read."));
        }

        var created = await jobs.CreateImportAsync(new ImportRequest(fields.GetValueOrDefault("connection_id"), fields.GetValueOrDefault("upsert"),
            fields.GetValueOrDefault("external_id"), fields.GetValueOrDefault("send_completion_email"), hasFile ? upload : null), http.RequestAborted);
        if (!created.TryGet(out var job, out var refused))
        {
            File.Delete(upload);
            return ManagementResults.Error(refused);
        }

        return ManagementResults.Json(job, 202);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, JobService jobs)
    {
        var (request, error) = await ManagementBody.ReadAsync<ExportRequest>(http);
        if (request is null)
        {
            return ManagementResults.Error(error!);
        }

        return ManagementResults.From(await jobs.CreateExportAsync(request, http.RequestAborted));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, JobService jobs) =>
        await jobs.GetAsync(id, http.RequestAborted) is { } job ? ManagementResults.Json(job) : ManagementResults.Error(NotFound());

    private static async Task<IResult> ErrorsAsync(string id, HttpContext http, JobService jobs) =>
        await jobs.ErrorsAsync(id, http.RequestAborted) switch
        {
            null => ManagementResults.Error(NotFound()),
            { Count: 0 } => ManagementResults.NoContent(),
            var errors => ManagementResults.Json(errors),
        };
}
