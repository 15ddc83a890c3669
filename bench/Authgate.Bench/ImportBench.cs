using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Bench;

/// <summary>
/// <c>import</c>: a users-import job of pre-hashed (bcrypt) users through the Management API on a fresh SQLite
/// database — 1,000,000 users (100,000 with <c>--quick</c>) — with the server's resident memory sampled while it
/// runs, to show it stays flat, and users per second from upload to completion.
/// </summary>
public static class ImportBench
{
    private const string Hash = "$2b$10$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2";

    public static async Task<int> RunAsync(bool quick, bool postgres)
    {
        var users = quick ? 100_000 : 1_000_000;
        var directory = Path.Combine(Path.GetTempPath(), "authgate-bench-import-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        PostgresCluster? cluster = postgres ? new PostgresCluster() : null;
        try
        {
            var file = Path.Combine(directory, "users.json");
            await WriteUsersAsync(file, users);
            var seed = Path.Combine(directory, "tenant.json");
            await File.WriteAllTextAsync(seed, JsonSerializer.Serialize(BenchTenant.Create(0), TenantFile.JsonOptions));
            List<string> args =
            [
                $"--Authgate:DataDirectory={directory}", $"--Authgate:SeedFile={seed}", "--Authgate:Demo=false",
                $"--Authgate:Bootstrap:ClientId={BenchTenant.ManagementClientId}", $"--Authgate:Bootstrap:ClientSecret={BenchTenant.ManagementClientSecret}",
            ];
            if (cluster is not null)
            {
                cluster.EnsureDatabase("authgate_bench_import");
                args.Add("--Authgate:Database:Provider=postgres");
                args.Add($"--ConnectionStrings:Authgate={cluster.ConnectionString("authgate_bench_import")}");
            }

            await using var server = await ServerUnderTest.StartAuthgateAsync(directory, args);
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };
            var token = await TokenAsync(http, server.BaseUrl);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var connections = JsonDocument.Parse(await http.GetStringAsync("/api/v2/connections?name=" + BenchTenant.Connection)).RootElement;
            var connectionId = connections[0].GetProperty("id").GetString()!;
            var rssBefore = server.ResidentMemoryMiB();

            var clock = Stopwatch.StartNew();
            string jobId;
            await using (var stream = File.OpenRead(file))
            {
                using var form = new MultipartFormDataContent { { new StreamContent(stream, 1 << 16), "users", "users.json" }, { new StringContent(connectionId), "connection_id" } };
                using var response = await http.PostAsync("/api/v2/jobs/users-imports", form);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException(body);
                }

                jobId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            }

            var uploaded = clock.Elapsed;
            var rssMax = server.ResidentMemoryMiB();
            var samples = new List<(int Percent, double Rss)>();
            JsonElement job;
            while (true)
            {
                job = JsonDocument.Parse(await http.GetStringAsync("/api/v2/jobs/" + jobId)).RootElement;
                var rss = server.ResidentMemoryMiB();
                rssMax = Math.Max(rssMax, rss);
                var percent = job.TryGetProperty("percentage_done", out var p) ? p.GetInt32() : 0;
                samples.Add((percent, rss));
                if (job.GetProperty("status").GetString() is "completed" or "failed")
                {
                    break;
                }

                await Task.Delay(1000);
            }

            var total = clock.Elapsed;
            var summary = job.GetProperty("summary");
            var inserted = summary.GetProperty("inserted").GetInt64();
            Console.WriteLine($"users in file                 {users:N0} ({new FileInfo(file).Length / 1048576.0:F0} MiB)");
            Console.WriteLine($"status                        {job.GetProperty("status").GetString()} ({summary})");
            Console.WriteLine($"upload                        {uploaded.TotalSeconds:F1} s");
            Console.WriteLine($"upload to completed           {total.TotalSeconds:F1} s  -> {inserted / total.TotalSeconds:N0} users/s (target >= 10,000: {(inserted / total.TotalSeconds >= 10_000 ? "met" : "MISSED")})");
            Console.WriteLine($"import after upload           {(total - uploaded).TotalSeconds:F1} s  -> {inserted / (total - uploaded).TotalSeconds:N0} users/s");
            Console.WriteLine($"server RSS before / max       {rssBefore:F0} / {rssMax:F0} MiB");
            foreach (var (percent, rss) in samples.Where((_, i) => i % Math.Max(1, samples.Count / 10) == 0 || i == samples.Count - 1))
            {
                Console.WriteLine($"  at {percent,3}%  RSS {rss:F0} MiB");
            }

            return inserted == users ? 0 : 1;
        }
        finally
        {
            cluster?.Dispose();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task WriteUsersAsync(string file, int users)
    {
        await using var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync('[');
        for (var i = 0; i < users; i++)
        {
            await writer.WriteAsync(i == 0 ? "" : ",\n");
            await writer.WriteAsync($$$"""{"email":"imported{{{i}}}@bench.test","email_verified":true,"user_id":"imp{{{i}}}","given_name":"User","family_name":"Number {{{i}}}","password_hash":"{{{Hash}}}","app_metadata":{"plan":"basic"}}""");
        }

        await writer.WriteAsync(']');
    }

    private static async Task<string> TokenAsync(HttpClient http, string baseUrl)
    {
        using var response = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = BenchTenant.ManagementClientId,
            ["client_secret"] = BenchTenant.ManagementClientSecret,
            ["audience"] = baseUrl.TrimEnd('/') + "/api/v2/",
        }));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }
}
