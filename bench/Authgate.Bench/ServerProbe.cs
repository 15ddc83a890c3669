using System.Globalization;

namespace Authgate.Bench;

/// <summary>
/// What the server says about a scenario: its CPU time (from /proc) and its own metrics (Prometheus text from
/// <c>/metrics</c>, which the benchmark turns on), read before and after, so each scenario gets the CPU it cost per
/// request and where the request time went, and its resident memory after each (which scenario grows it).
/// </summary>
public sealed class ServerProbe(ServerUnderTest server, HttpClient http)
{
    public sealed record Snapshot(TimeSpan Cpu, Dictionary<string, double> Series, double ResidentMiB);

    public async Task<Snapshot> SnapshotAsync() => new(server.CpuTime(), await ScrapeAsync(), server.ResidentMemoryMiB());

    /// <summary>Every sample line of the exposition, keyed by name and labels (OpenTelemetry's scope labels dropped).</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var text = await http.GetStringAsync("/metrics");
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]
            var close = line.LastIndexOf('}');
            var key = close >= 0 ? line[..(close + 1)] : line[..line.IndexOf(' ', StringComparison.Ordinal)];
            var fields = line[key.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            series[Normalize(key)] = value;
        }

        return series;
    }

    private static string Normalize(string key)
    {
        var brace = key.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            return key;
        }

        var labels = key[(brace + 1)..^1].Split("\",", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('"') + "\"")
            .Where(l => !l.StartsWith("otel_scope", StringComparison.Ordinal))
            .OrderBy(l => l, StringComparer.Ordinal);
        var list = string.Join(',', labels);
        return list.Length == 0 ? key[..brace] : $"{key[..brace]}{{{list}}}";
    }
}
