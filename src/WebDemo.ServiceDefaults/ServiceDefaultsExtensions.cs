using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.ServiceDiscovery;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace WebDemo.ServiceDefaults;

/// <summary>
/// What every service of the demo has in common, in one call: OpenTelemetry, a liveness check, and service discovery
/// and resilience for every <see cref="HttpClient"/>. Each app adds only its own concerns on top (the API: its meters,
/// the Prometheus endpoint, Serilog).
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The tag of the checks that say the process is alive (as opposed to ready to serve).</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Whether spans and log records are exported: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a receiver (Aspire
    /// sets it). Only then is OpenTelemetry's logging provider added.
    /// </summary>
    public static bool ExportsOtlp(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName, string serviceVersion)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddOpenTelemetryDefaults(serviceName, serviceVersion);

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Outermost first: retries and timeouts wrap the resolution, so a retry may go to another replica.
            // A client whose failures are the point (the API's Http backend) removes it again: RemoveAllResilienceHandlers().
            http.AddStandardResilienceHandler();
            http.AddHttpMessageHandler(services => new BlockingSendServiceDiscovery(services.GetRequiredService<ServiceEndpointResolver>()));
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Metrics always (ASP.NET Core, HttpClient, runtime); spans and log records only when someone receives them. The
    /// OTLP exporter is switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (protocol, headers, intervals from
    /// the other <c>OTEL_*</c> variables, which is how Aspire points every service at its dashboard).
    /// </summary>
    private static void AddOpenTelemetryDefaults(this IHostApplicationBuilder builder, string serviceName, string serviceVersion)
    {
        var exportOtlp = builder.Configuration.ExportsOtlp();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName, serviceVersion: serviceVersion, autoGenerateServiceInstanceId: true)
                .AddEnvironmentVariableDetector()) // OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES (set by Aspire) win
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (!exportOtlp)
        {
            // Without a tracer ASP.NET Core still starts an activity per request for log correlation, but nothing is
            // listened to, tagged or sampled: a tenth of the allocations of every request under load.
            return;
        }
        otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsHealthProbe(context))
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => !IsMadeForHealthProbe()))
            .WithLogging()
            .UseOtlpExporter();
    }

    // Orchestrators ask every few seconds; their requests would bury the traces a person came to see.
    private static bool IsHealthProbe(HttpContext context) => context.Request.Path.StartsWithSegments("/health");

    // A call a readiness check makes (the API asks its upstream) would otherwise be recorded without its filtered parent.
    private static bool IsMadeForHealthProbe() => Activity.Current?.Parent is { IsAllDataRequested: false };

    /// <summary>
    /// <c>/health/live</c> (the process answers: checks tagged <see cref="LiveTag"/>) and <c>/health/ready</c> (every
    /// check) for an app that has no health endpoints of its own. The API keeps its documented ones (Health/).
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready");
        return app;
    }
}
