using Serilog;
using WebDemo.ServiceDefaults;

namespace WebDemo.Api.Telemetry;

/// <summary>
/// Serilog, configured once: levels, enrichers, sinks and formats all come from the <c>Serilog</c> configuration section
/// (appsettings.json: readable text with trace and span ids; the container image switches the console to JSON). The
/// console is written by Serilog.Sinks.Async's worker from a bounded buffer, so a request thread never waits for it
/// (<see cref="LogBufferReporter"/> counts what a full buffer drops); the host flushes it when it is disposed.
/// </summary>
public static class LoggingExtensions
{
    /// <summary>
    /// Builds and runs the app with stage one in place: a logger for the static <see cref="Log"/>, from the same
    /// configuration, so that a failure while the host is built, started or run is logged like everything else. The
    /// failure is rethrown, so the process still fails and <c>WebApplicationFactory</c> reports the cause to a test.
    /// </summary>
    public static async Task RunWithStartupLoggingAsync(this WebApplicationBuilder builder, Func<WebApplicationBuilder, WebApplication> build)
    {
        Log.Logger = new LoggerConfiguration().From(builder.Configuration).CreateLogger();
        try
        {
            await build(builder).RunAsync();
        }
        catch (Exception exception) when (exception is not HostAbortedException) // how WebApplicationFactory ends Program after Build()
        {
            Log.Fatal(exception, "The API could not start or stopped unexpectedly");
            throw;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// Stage two: Serilog as the host's only logging provider. The host owns (and disposes) its own logger and leaves
    /// the static one alone, so every host in a test process has its own.
    /// </summary>
    /// <remarks>
    /// The host's default providers (console, debug, event source) go: Serilog writes the console. When OTLP export is on,
    /// the service defaults add OpenTelemetry's provider, and Serilog passes it every event: that is how the API's log
    /// lines reach the Aspire dashboard as structured logs. Otherwise there is no provider to pass to, and passing is
    /// off: it would still copy each event's properties (0.2 KB per request line, docs/performance.md).
    /// </remarks>
    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (_, logger) => logger.From(builder.Configuration), preserveStaticLogger: true, writeToProviders: builder.Configuration.ExportsOtlp());
        builder.Services.AddOptions<LogBufferOptions>().BindConfiguration(LogBufferOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<LogBufferReporter>();
        return builder;
    }

    // Started from another folder (dotnet path/to/WebDemo.Api.dll), the app finds no appsettings.json and the
    // configuration names no sink: the console still gets every line, in Serilog's default format, off the request
    // thread like the configured one.
    private static LoggerConfiguration From(this LoggerConfiguration logger, ConfigurationManager configuration)
    {
        logger.ReadFrom.Configuration(configuration);
        return configuration.GetSection("Serilog:WriteTo").Exists()
            ? logger
            : logger.WriteTo.Async(
                sink => sink.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture),
                blockWhenFull: false, monitor: LogBufferMonitor.Instance);
    }

    /// <summary>
    /// One line per request when it completes: method, route, strategy, status, elapsed, the threads it started and
    /// ended on, and (as on every event) the trace and span ids; at Error for a 500 or an exception. ASP.NET Core's own
    /// "Request starting/finished" lines stay off (Microsoft.AspNetCore at Warning).
    /// </summary>
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseMiddleware<RequestCompletionLogging>();
        return app;
    }
}
