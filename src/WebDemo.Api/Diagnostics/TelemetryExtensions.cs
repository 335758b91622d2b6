using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WebDemo.Api.Diagnostics.Prometheus;

namespace WebDemo.Api.Diagnostics;

/// <summary>The one place that owns telemetry: resource, meters, sources, readers and exporters.</summary>
public static class TelemetryExtensions
{
    public const string ServiceName = "webdemo-api";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (exportOtlp)
        {
            // ASP.NET Core 10 leaves the HTTP semantic-convention tags (http.route, status code...) off its activities
            // unless told; they are wanted on exported spans only.
            AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
        }

        // The reader is owned (and disposed) by the meter provider, so it is registered as an instance DI will not dispose.
        var prometheus = new PrometheusMetricReader();
        services.AddSingleton(prometheus);
        services.AddSingleton(_ => OpenTelemetrySdk.Create(otel =>
        {
            otel.ConfigureResource(resource => resource
                    .AddService(ServiceName, serviceVersion: AppDiagnostics.Version, autoGenerateServiceInstanceId: true)
                    .AddEnvironmentVariableDetector()) // OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES win
                .WithMetrics(metrics =>
                {
                    metrics.AddMeter("System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", AppDiagnostics.Name)
                        .AddReader(prometheus);
                    if (exportOtlp)
                    {
                        metrics.AddOtlpExporter(); // endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* variables
                    }
                });
            // Spans only when someone receives them. Without a tracer ASP.NET Core still starts an activity per request
            // for log correlation, so log lines keep their trace and span ids — but no activity is listened to, tagged
            // or sampled, which is a tenth of the allocations of every request under load.
            if (exportOtlp)
            {
                otel.WithTracing(tracing => tracing
                    .AddSource("Microsoft.AspNetCore", "System.Net.Http", AppDiagnostics.Name)
                    .AddOtlpExporter());
            }
        }));

        services.AddSingleton<StrategyStatistics>();
        services.AddSingleton<StarvationListener>();
        services.AddSingleton<SchedulingDelayProbe>();
        services.AddHostedService<TelemetryLifetime>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulingDelayProbe>());

        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}

/// <summary>
/// Creates the SDK and the starvation listener when the host starts (before requests arrive), and flushes the
/// exporters when it stops; DI disposes both at shutdown.
/// </summary>
internal sealed class TelemetryLifetime(OpenTelemetrySdk sdk, StarvationListener starvation) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Nothing to do but exist: taking the SDK and the listener as dependencies creates them as the host starts.
        // Touching one instrument creates them all, so the observable thread-pool gauges exist before the first scrape.
        _ = (sdk, starvation, AppMetrics.ThreadCount);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sdk.TracerProvider.ForceFlush(timeoutMilliseconds: 5_000);
        sdk.MeterProvider.ForceFlush(timeoutMilliseconds: 5_000);
        return Task.CompletedTask;
    }
}
