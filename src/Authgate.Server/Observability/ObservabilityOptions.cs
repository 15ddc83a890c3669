using System.ComponentModel.DataAnnotations;

namespace Authgate.Observability;

/// <summary>
/// Metrics and traces (<c>Authgate:Observability</c>). Everything is off by default: no exporter, no <c>/metrics</c>.
/// </summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Authgate:Observability";

    /// <summary>Serve Prometheus' text format at <c>GET /metrics</c>.</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// Serve <c>/metrics</c> only on this extra port (a listener added beside the configured URLs), so it can stay
    /// off the public network. 0: on the server's own port(s).
    /// </summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>
    /// Export metrics and traces over OTLP to this endpoint (e.g. <c>http://collector:4317</c>). The standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable also turns OTLP on.
    /// </summary>
    public string? OtlpEndpoint { get; set; }
}
