using System.Diagnostics;

namespace Authgate.Bench;

/// <summary>What one load run measured, after its warm-up.</summary>
/// <param name="Completed">Every request answered, warm-up included (what the server's counters saw).</param>
/// <param name="P99FromScheduleMs">Paced runs: the p99 with every latency counted from the scheduled send, the timer's lateness included.</param>
/// <param name="TimerLateP99Ms">Paced runs: how late the generator's timer released a free worker (p99).</param>
public sealed record LoadResult(double Throughput, double P50Ms, double P90Ms, double P99Ms, double MaxMs, long Requests, long Errors, double Seconds, long Completed = 0,
    double? P99FromScheduleMs = null, double? TimerLateP99Ms = null);

/// <summary>
/// A small HTTP load generator: closed loop (each of N workers sends its next request when the last one answered)
/// or paced (each worker keeps a fixed schedule). Paced, a request sent late because the worker was still waiting for
/// its previous answer is timed from its scheduled time, so a server stall is not hidden (no coordinated omission);
/// one sent late only because the generator's timer woke the free worker late (Task.Delay's granularity, and the
/// generator's threads waiting for a core the server shares) is timed from when it was sent: that lateness is the
/// generator's. Both the timer's lateness and the p99 counted from every scheduled time are reported beside.
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
        var fromSchedule = new List<double>[concurrency];
        var timerLate = new List<double>[concurrency];
        var errors = new long[concurrency];
        long completed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            var mineFromSchedule = fromSchedule[worker] = [];
            var mineLate = timerLate[worker] = [];
            var next = interval is { } step ? TimeSpan.FromTicks(step.Ticks * worker / concurrency) : TimeSpan.Zero;
            while (clock.Elapsed < end)
            {
                var scheduled = clock.Elapsed;
                var timedFrom = scheduled;
                if (interval is { } step2)
                {
                    var free = next > scheduled;
                    if (free)
                    {
                        await Task.Delay(next - scheduled);
                    }

                    scheduled = next;
                    next += step2;
                    timedFrom = free ? clock.Elapsed : scheduled;
                    if (free && scheduled >= measureFrom)
                    {
                        mineLate.Add((timedFrom - scheduled).TotalMilliseconds);
                    }
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
                    mine.Add((finished - timedFrom).TotalMilliseconds);
                    mineFromSchedule.Add((finished - scheduled).TotalMilliseconds);
                    if (!ok)
                    {
                        errors[worker]++;
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).OrderBy(l => l).ToArray();
        double At(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        double? P99Of(List<double>[] lists) => interval is null ? null : At(lists.SelectMany(l => l).OrderBy(l => l).ToArray(), 0.99);
        return new LoadResult(all.Length / duration.TotalSeconds, At(all, 0.50), At(all, 0.90), At(all, 0.99), all.Length == 0 ? 0 : all[^1], all.Length, errors.Sum(),
            duration.TotalSeconds, Interlocked.Read(ref completed), P99Of(fromSchedule), P99Of(timerLate));
    }
}
