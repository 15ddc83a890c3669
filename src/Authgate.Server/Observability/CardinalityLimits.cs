using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Authgate.Observability;

/// <summary>
/// How many series each instrument may hold. OpenTelemetry allocates an instrument's whole series table up front
/// (2,000 points of ~73 bytes by default, a large-object-heap array per instrument): with the ~50 instruments a node
/// exports that was 7.3 MiB held for the process's life while metrics are on. Every label here is a bounded set (grant
/// types and OAuth error codes, statement kinds, GC generations), far below the limit; only ASP.NET's request
/// histogram (route × method × status across the Management API) keeps OpenTelemetry's default. Series beyond a limit
/// are summed under <c>otel_metric_overflow="true"</c> rather than dropped.
/// </summary>
internal static class CardinalityLimits
{
    public const int Default = 256;

    /// <summary>A view for every instrument: null keeps OpenTelemetry's own stream (and its default limit).</summary>
    public static MetricStreamConfiguration? For(Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration"
            ? null
            : new MetricStreamConfiguration { CardinalityLimit = Default };
}
