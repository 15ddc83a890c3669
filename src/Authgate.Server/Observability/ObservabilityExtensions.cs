using Authgate.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Authgate.Observability;

internal static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateAtStart<ObservabilityOptions, Hosting.ObservabilityOptionsValidator>();
        builder.Services.AddSingleton<AuthgateMetrics>();

        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var otlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint) || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Prometheus && !otlp)
        {
            return builder;
        }

        if (options.MetricsPort > 0)
        {
            // Added to the configured URLs rather than through Kestrel's Listen, which would replace them.
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000";
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, $"{urls};http://0.0.0.0:{options.MetricsPort}");
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("authgate"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AuthgateMetrics.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                metrics.AddView(CardinalityLimits.For);
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter(o => SetEndpoint(o, options));
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(AuthgateTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                .AddOtlpExporter(o => SetEndpoint(o, options)));
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c> when Prometheus exposition is on (only on the metrics port when one is set).</summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (options.Prometheus)
        {
            var port = options.MetricsPort;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == "/metrics" && (port == 0 || context.Connection.LocalPort == port));
            if (port > 0)
            {
                // The metrics port serves metrics only: the protocol and Management APIs stay on the public URLs.
                app.Use((context, next) =>
                {
                    if (context.Connection.LocalPort != port)
                    {
                        return next(context);
                    }

                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            }
        }

        return app;
    }

    private static void SetEndpoint(OpenTelemetry.Exporter.OtlpExporterOptions exporter, ObservabilityOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            exporter.Endpoint = new Uri(options.OtlpEndpoint);
        }
    }
}
