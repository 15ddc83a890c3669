namespace Authgate.Tests.Infrastructure;

/// <summary>A clock whose timers fire only when the test moves it on: waits become signals, not sleeps.</summary>
public sealed class ManualTimers : TimeProvider
{
    private readonly List<Timer> timers = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];
    private DateTimeOffset now = DateTimeOffset.UnixEpoch;

    public override DateTimeOffset GetUtcNow() => now;

    public int Pending
    {
        get
        {
            lock (timers)
            {
                return timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state, now + dueTime);
        List<TaskCompletionSource> reached;
        lock (timers)
        {
            timers.Add(timer);
            reached = waiters.Where(w => w.Count <= timers.Count).Select(w => w.Reached).ToList();
            waiters.RemoveAll(w => w.Count <= timers.Count);
        }

        reached.ForEach(r => r.TrySetResult());
        return timer;
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> timers wait on this clock: a loop has registered its next wait,
    /// so moving the clock now reaches it (moved before, the move would be lost).
    /// </summary>
    public Task PendingAtLeastAsync(int count)
    {
        lock (timers)
        {
            if (timers.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public void Advance(TimeSpan by)
    {
        now += by;
        List<Timer> due;
        lock (timers)
        {
            due = timers.Where(t => t.Due <= now).ToList();
            timers.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Remove(Timer timer)
    {
        lock (timers)
        {
            timers.Remove(timer);
        }
    }

    private sealed class Timer(ManualTimers owner, TimerCallback callback, object? state, DateTimeOffset due) : ITimer
    {
        public DateTimeOffset Due { get; private set; } = due;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = owner.now + dueTime;
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
