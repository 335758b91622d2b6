using Microsoft.Extensions.Options;

namespace WebDemo.Api.Hosting;

public static class ShutdownExtensions
{
    /// <summary>
    /// Graceful shutdown with a validated, configurable timeout. On SIGTERM the host stops its services in reverse
    /// order of registration, so Kestrel — registered after every hosted service — stops first: it closes its
    /// listeners (new connections are refused) and waits for in-flight requests, while the batch worker keeps
    /// serving the requests still queued. Only then do the batch worker, telemetry and the loggers (flushed on
    /// dispose) stop, and <c>Main</c> returns 0.
    /// </summary>
    public static WebApplicationBuilder AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>(
            (host, shutdown) => host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));
        builder.Services.AddHostedService<ShutdownLogging>();
        return builder;
    }
}
