using System.Diagnostics;

namespace Authgate.Bench;

/// <summary>What one load run measured, after its warm-up.</summary>
/// <param name="Completed">Every request answered, warm-up included (what the server's counters saw).</param>
/// <param name="P99FromScheduleMs">Paced runs (<see cref="Wrk.PacedAsync"/>): the p99 with every latency counted from the scheduled send, the timer's lateness included.</param>
/// <param name="TimerLateP99Ms">Paced runs: how late the generator's timer released a free connection (p99).</param>
public sealed record LoadResult(double Throughput, double P50Ms, double P90Ms, double P99Ms, double MaxMs, long Requests, long Errors, double Seconds, long Completed = 0,
    double? P99FromScheduleMs = null, double? TimerLateP99Ms = null);

/// <summary>
/// A small closed-loop HTTP load generator (each of N workers sends its next request when the last one answered), for
/// the benchmark's warm-up and the commands that measure apart (<c>measure</c>, <c>lane</c>'s login rounds,
/// <c>profile</c>, <c>actions</c>); the scenarios of <c>all</c> run under wrk (<see cref="Wrk"/>).
/// </summary>
public sealed class LoadGenerator(HttpClient http)
{
    /// <param name="request">Sends one request for worker <c>i</c>; returns false for an error answer.</param>
    public async Task<LoadResult> ClosedLoopAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<HttpClient, int, Task<bool>> request)
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
            while (clock.Elapsed < end)
            {
                var started = clock.Elapsed;
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
                if (started >= measureFrom && finished <= end)
                {
                    mine.Add((finished - started).TotalMilliseconds);
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
        return new LoadResult(all.Length / duration.TotalSeconds, At(0.50), At(0.90), At(0.99), all.Length == 0 ? 0 : all[^1], all.Length, errors.Sum(),
            duration.TotalSeconds, Interlocked.Read(ref completed));
    }
}
