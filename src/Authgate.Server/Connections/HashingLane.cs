using System.Diagnostics;
using Authgate.Observability;
using Microsoft.Extensions.Options;

namespace Authgate.Connections;

/// <summary>
/// Runs password hashes on dedicated low-priority threads, one per core, fed by a bounded fair queue:
/// callers (client and IP) are served round-robin, so one caller's flood waits behind its own requests, and when
/// the queue is full new checks are refused (the caller answers 429, after a short hold: <see cref="Protection.RefusalHold"/>)
/// instead of piling up. Because the threads run in Linux's idle scheduling class
/// (<see cref="HashingLaneOptions.IdleClass"/>) and yield between blocks of a hash (<see cref="ThreadNice.YieldIfLowered"/>),
/// token refresh, client credentials, JWKS and userinfo requests take a core from them as soon as they wake, while idle
/// cores still hash at full speed.
/// </summary>
internal sealed class HashingLane : IDisposable
{
    private readonly object gate = new();
    private static readonly TimeSpan IdleBeforeTrim = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Queue<WorkItem>> queues = new(StringComparer.Ordinal);
    private readonly LinkedList<string> turn = new();
    private readonly HashingLaneOptions options;
    private readonly Thread[] workers;
    private readonly AuthgateMetrics? metrics;
    private int queued;
    private bool stopping;

    public HashingLane(IOptions<HashingLaneOptions> options, IOptions<PasswordHashingOptions> hashing, AuthgateMetrics? metrics = null)
    {
        this.options = options.Value;
        this.metrics = metrics;
        var count = hashing.Value.MaxConcurrency > 0 ? hashing.Value.MaxConcurrency : Environment.ProcessorCount;
        workers = Enumerable.Range(0, count).Select(i => new Thread(Work)
        {
            IsBackground = true,
            Name = $"authgate-hash-{i}",
            // On Linux the runtime applies a managed priority with its own scheduler call, and during a run it put the
            // threads back in the normal class (seen in /proc 40-100 s after start); ThreadNice sets the policy there.
            Priority = OperatingSystem.IsLinux() ? ThreadPriority.Normal : ThreadPriority.BelowNormal,
        }).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        metrics?.Gauge("authgate.hashing.queue.length", () => Volatile.Read(ref queued), "Password checks waiting for a hashing thread");
    }

    public int RetryAfterSeconds => options.RetryAfterSeconds;

    public int Queued => Volatile.Read(ref queued);

    /// <summary>True when <see cref="TryRun{T}"/> would accept work for <paramref name="caller"/> now (a hint: it may fill meanwhile).</summary>
    public bool HasRoom(string caller)
    {
        bool room;
        lock (gate)
        {
            room = !stopping && queued < options.MaxQueued
                && (!queues.TryGetValue(caller, out var queue) || queue.Count < options.MaxQueuedPerCaller);
        }

        if (!room)
        {
            metrics?.HashingRejected.Add(1);
        }

        return room;
    }

    /// <summary>Queues <paramref name="work"/> for <paramref name="caller"/>; null when the lane is full.</summary>
    public Task<T>? TryRun<T>(string caller, Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queuedAt = Stopwatch.GetTimestamp();
        var item = new WorkItem(() =>
        {
            metrics?.HashingWait.Record(Stopwatch.GetElapsedTime(queuedAt).TotalSeconds);
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });

        lock (gate)
        {
            if (stopping || queued >= options.MaxQueued)
            {
                metrics?.HashingRejected.Add(1);
                return null;
            }

            if (!queues.TryGetValue(caller, out var queue))
            {
                queue = new Queue<WorkItem>();
                queues[caller] = queue;
                turn.AddLast(caller);
            }
            else if (queue.Count >= options.MaxQueuedPerCaller)
            {
                metrics?.HashingRejected.Add(1);
                return null;
            }

            queue.Enqueue(item);
            queued++;
            Monitor.Pulse(gate);
        }

        return completion.Task;
    }

    private void Work()
    {
        ThreadNice.Lower(options.IdleClass, nice: 10);
        Argon2WorkingMemory.KeepForThisThread();
        try
        {
            Serve();
        }
        finally
        {
            Argon2WorkingMemory.ReleaseForThisThread();
        }
    }

    private void Serve()
    {
        while (true)
        {
            WorkItem item;
            lock (gate)
            {
                var trimmed = false;
                while (queued == 0 && !stopping)
                {
                    // A thread idle for a while gives its Argon2 working memory back (about 20 MiB each); the next
                    // hash maps it again, which with huge pages costs a few page faults.
                    if (!Monitor.Wait(gate, trimmed ? Timeout.InfiniteTimeSpan : IdleBeforeTrim) && !trimmed)
                    {
                        Argon2WorkingMemory.TrimThisThread();
                        trimmed = true;
                    }
                }

                if (stopping && queued == 0)
                {
                    return;
                }

                // Round-robin: take one item from the caller whose turn it is, then move that caller to the back.
                var caller = turn.First!.Value;
                turn.RemoveFirst();
                var queue = queues[caller];
                item = queue.Dequeue();
                if (queue.Count > 0)
                {
                    turn.AddLast(caller);
                }
                else
                {
                    queues.Remove(caller);
                }

                queued--;
            }

            item.Run();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }
    }

    private sealed record WorkItem(Action Run);
}
