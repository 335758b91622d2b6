using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace WebDemo.Api.Telemetry;

/// <summary>The one place that owns OpenTelemetry: resource, meters, sources, views and exporters.</summary>
public static class TelemetryExtensions
{
    public const string ServiceName = "webdemo-api";

    /// <summary>
    /// Metrics always (served to Prometheus at <c>/metrics</c>); OTLP export of metrics and spans when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol and headers from the other <c>OTEL_EXPORTER_OTLP_*</c> variables).
    /// The host starts the SDK and flushes and disposes it at shutdown.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: AppDiagnostics.Version, autoGenerateServiceInstanceId: true)
                .AddEnvironmentVariableDetector()) // OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES win
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(AppDiagnostics.Name)
                    .AddPrometheusCompatibleRuntimeNames()
                    .AddPrometheusExporter();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        // Spans only when someone receives them. Without a tracer ASP.NET Core still starts an activity per request for
        // log correlation, so log lines keep their trace and span ids — but no activity is listened to, tagged or
        // sampled, which is a tenth of the allocations of every request under load.
        if (exportOtlp)
        {
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(AppDiagnostics.Name)
                .AddOtlpExporter());
        }
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
