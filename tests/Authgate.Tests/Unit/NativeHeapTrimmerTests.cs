using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Authgate.Hosting;
using Authgate.Observability;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Unit;

/// <summary>The native heap trimmer: one pass per interval on the node's clock, none when turned off or unavailable.</summary>
public sealed class NativeHeapTrimmerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualTimers time = new();
    private readonly SemaphoreSlim passes = new(0);
    private int count;

    [Fact]
    public async Task It_trims_once_per_interval_and_not_before()
    {
        using var trimmer = Trimmer(seconds: 5, result: true);
        await trimmer.StartAsync(CancellationToken.None);

        await time.PendingAtLeastAsync(1).WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(4.9));
        time.Pending.Should().Be(1, "the interval has not passed: the wait is still on the clock");
        count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(0.1));
        (await passes.WaitAsync(Patience)).Should().BeTrue();

        await PassAfterAsync(TimeSpan.FromSeconds(5));
        count.Should().Be(2);

        await trimmer.StopAsync(CancellationToken.None);
        trimmer.ExecuteTask!.IsCompletedSuccessfully.Should().BeTrue("stopping ends the loop without an error");
    }

    [Fact]
    public async Task Zero_turns_it_off()
    {
        using var trimmer = Trimmer(seconds: 0, result: true);
        await trimmer.StartAsync(CancellationToken.None);

        await trimmer.ExecuteTask!.WaitAsync(Patience);
        time.Pending.Should().Be(0, "nothing waits to trim");
        count.Should().Be(0);
    }

    [Fact]
    public async Task Where_malloc_trim_is_missing_it_stops_after_the_first_try()
    {
        using var trimmer = Trimmer(seconds: 5, result: null);
        await trimmer.StartAsync(CancellationToken.None);

        await PassAfterAsync(TimeSpan.FromSeconds(5));
        await trimmer.ExecuteTask!.WaitAsync(Patience);

        time.Pending.Should().Be(0, "no further pass is scheduled");
        count.Should().Be(1);
    }

    [Fact]
    public void On_Linux_with_glibc_the_real_trim_runs()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/lib/x86_64-linux-gnu/libc.so.6") && !File.Exists("/lib/aarch64-linux-gnu/libc.so.6"))
        {
            return;
        }

        NativeHeap.TryTrim().Should().NotBeNull("glibc has malloc_trim");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(5, true)]
    [InlineData(3600, true)]
    [InlineData(-1, false)]
    [InlineData(3601, false)]
    public void The_interval_is_checked_at_start(int seconds, bool valid)
    {
        var options = new AuthgateOptions { NativeHeapTrimSeconds = seconds };

        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true).Should().Be(valid);
    }

    private NativeHeapTrimmer Trimmer(int seconds, bool? result)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        return new NativeHeapTrimmer(Options.Create(new AuthgateOptions { NativeHeapTrimSeconds = seconds }), time, new AuthgateMetrics(meters), NullLogger<NativeHeapTrimmer>.Instance)
        {
            Trim = () =>
            {
                Interlocked.Increment(ref count);
                passes.Release();
                return result;
            },
        };
    }

    public void Dispose()
    {
        services.Dispose();
        passes.Dispose();
    }

    /// <summary>Moves the clock on by <paramref name="by"/> once the loop waits on it, then waits for the pass that follows.</summary>
    private async Task PassAfterAsync(TimeSpan by)
    {
        await time.PendingAtLeastAsync(1).WaitAsync(Patience);
        time.Advance(by);
        (await passes.WaitAsync(Patience)).Should().BeTrue("a pass follows the interval");
    }
}
