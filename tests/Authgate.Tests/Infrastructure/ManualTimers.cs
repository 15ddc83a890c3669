namespace Authgate.Tests.Infrastructure;

/// <summary>A clock whose timers fire only when the test moves it on: waits become signals, not sleeps.</summary>
public sealed class ManualTimers : TimeProvider
{
    private readonly List<Timer> timers = [];
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
        lock (timers)
        {
            timers.Add(timer);
        }

        return timer;
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
