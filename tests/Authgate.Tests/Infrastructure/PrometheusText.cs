namespace Authgate.Tests.Infrastructure;

/// <summary>Reads Prometheus' text exposition, as <c>/metrics</c> answers it.</summary>
public static class PrometheusText
{
    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public static double Sample(string text, string name, params string[] labels) => text.Split('\n')
        .Where(l => (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
        .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
}
