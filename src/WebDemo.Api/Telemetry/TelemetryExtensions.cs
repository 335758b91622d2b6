using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace WebDemo.Api.Telemetry;

/// <summary>The API's part of OpenTelemetry: its meter and source, the Prometheus endpoint and views. The rest is in WebDemo.ServiceDefaults.</summary>
public static class TelemetryExtensions
{
    public const string ServiceName = "webdemo-api";

    /// <summary>
    /// The API's own instruments on top of the service defaults (WebDemo.ServiceDefaults: resource, ASP.NET Core,
    /// HttpClient and runtime instrumentation, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set): its meter, served to
    /// Prometheus at <c>/metrics</c> with the runtime's inventory gauges renamed, and its spans when spans are exported.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(AppDiagnostics.Name)
            .AddPrometheusCompatibleRuntimeNames()
            .AddPrometheusExporter());
        // Takes effect only where the service defaults trace at all (when spans are exported).
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(AppDiagnostics.Name));
        return builder;
    }

    /// <summary>Prometheus text exposition of every instrument above at <c>GET /metrics</c>.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint();

    // Prometheus reserves the _count suffix for histogram and summary series: promtool rejects the runtime's inventory
    // gauges under their OpenTelemetry names (dotnet_assembly_count...). The views rename them for every exporter.
    private static MeterProviderBuilder AddPrometheusCompatibleRuntimeNames(this MeterProviderBuilder metrics) => metrics
        .AddView("dotnet.assembly.count", "dotnet.assemblies")
        .AddView("dotnet.process.cpu.count", "dotnet.process.cpus")
        .AddView("dotnet.timer.count", "dotnet.timers");
}
