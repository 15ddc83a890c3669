using Authgate.Connections;
using Authgate.Observability;
using Microsoft.Extensions.Options;

namespace Authgate.Protection;

/// <summary>
/// Holds a refusal for <see cref="HashingLaneOptions.RefusalDelayMilliseconds"/> before it is answered, without a
/// thread. A tool that waits for each answer and sends the next at once would otherwise turn any limit it hits (a full
/// hashing lane, a throttled IP, a client past its rate limit) into thousands of cheap refusals a second, and those take
/// the cores and the database from every other caller. Every 429 of the OAuth endpoints waits here, in the one place
/// they are written (<see cref="Endpoints.ProtocolResults.WriteErrorAsync"/>); the Management API's is answered at once.
/// </summary>
internal sealed class RefusalHold
{
    /// <summary>Refusals held at once at most; past that they are sent at once (holding costs a timer and a connection).</summary>
    public const int MaxHeld = 1024;

    private readonly int delayMilliseconds;
    private readonly TimeProvider time;
    private int held;

    public RefusalHold(IOptions<HashingLaneOptions> options, TimeProvider time, AuthgateMetrics? metrics = null)
    {
        delayMilliseconds = options.Value.RefusalDelayMilliseconds;
        this.time = time;
        metrics?.Gauge("authgate.refusals.held", () => Held, "429s of the OAuth endpoints waiting out their hold before they are answered");
    }

    /// <summary>Refusals waiting in <see cref="HoldAsync"/> now.</summary>
    public int Held => Math.Min(Volatile.Read(ref held), MaxHeld);

    /// <summary>Waits out the hold, unless <see cref="MaxHeld"/> are already waiting or the client goes away.</summary>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        if (delayMilliseconds == 0)
        {
            return;
        }

        try
        {
            if (Interlocked.Increment(ref held) <= MaxHeld)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delayMilliseconds), time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref held);
        }
    }
}
