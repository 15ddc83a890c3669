using System.Diagnostics;

namespace Authgate.Bench;

/// <summary>What one load run measured, after its warm-up.</summary>
/// <param name="Completed">Every request answered, warm-up included (what the server's counters saw).</param>
public sealed record LoadResult(double Throughput, double P50Ms, double P90Ms, double P99Ms, double MaxMs, long Requests, long Errors, double Seconds, long Completed = 0);

/// <summary>
/// A small HTTP load generator: closed loop (each of N workers sends its next request when the last one answered)
/// or paced (each worker keeps a fixed schedule, latency measured from the scheduled time, so a stall is not hidden).
/// </summary>
public sealed class LoadGenerator(HttpClient http)
{
    /// <param name="request">Sends one request for worker <c>i</c>; returns false for an error answer.</param>
    public async Task<LoadResult> ClosedLoopAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<HttpClient, int, Task<bool>> request) =>
        await RunAsync(concurrency, warmup, duration, null, request);

    public async Task<LoadResult> PacedAsync(double requestsPerSecond, int concurrency, TimeSpan warmup, TimeSpan duration, Func<HttpClient, int, Task<bool>> request) =>
        await RunAsync(concurrency, warmup, duration, TimeSpan.FromSeconds(concurrency / requestsPerSecond), request);

    private async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, TimeSpan? interval, Func<HttpClient, int, Task<bool>> request)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var end = warmup + duration;
        var latencies = new List<double>[concurrency];
        var errors = new long[concurrency];
        long completed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            var next = interval is { } step ? TimeSpan.FromTicks(step.Ticks * worker / concurrency) : TimeSpan.Zero;
            while (clock.Elapsed < end)
            {
                var scheduled = clock.Elapsed;
                if (interval is { } step2)
                {
                    if (next > scheduled)
                    {
                        await Task.Delay(next - scheduled);
                    }

                    scheduled = next;
                    next += step2;
                }

                bool ok;
                try
                {
                    ok = await request(http, worker);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                var finished = clock.Elapsed;
                Interlocked.Increment(ref completed);
                if (scheduled >= measureFrom && finished <= end)
                {
                    mine.Add((finished - scheduled).TotalMilliseconds);
                    if (!ok)
                    {
                        errors[worker]++;
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).OrderBy(l => l).ToArray();
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new LoadResult(all.Length / duration.TotalSeconds, At(0.50), At(0.90), At(0.99), all.Length == 0 ? 0 : all[^1], all.Length, errors.Sum(), duration.TotalSeconds, Interlocked.Read(ref completed));
    }
}
