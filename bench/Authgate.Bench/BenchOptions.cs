namespace Authgate.Bench;

/// <summary>How long and how hard to run: the full run, or <c>--quick</c> for development (under 2 minutes).</summary>
public sealed record BenchOptions(bool Quick, bool Postgres, bool Micro)
{
    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(4);
    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(12);
    public TimeSpan CeilingDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);
    public int StoredRefreshTokens => Quick ? 100_000 : 1_000_000;
    public int Users => 64;
}
