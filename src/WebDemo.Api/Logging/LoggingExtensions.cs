using Serilog;
using Serilog.Formatting.Json;

namespace WebDemo.Api.Logging;

public static class LoggingExtensions
{
    private const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{" + TraceContextEnricher.PropertyName + "}{NewLine}{Exception}";

    /// <summary>
    /// Serilog as the only logging provider, configured from the "Serilog" section. The console is plain text
    /// for people, JSON in containers (DOTNET_RUNNING_IN_CONTAINER, set by the official images) or when
    /// <c>Logging:Json</c> is true. Serilog ≥ 3.1 records the current trace and span ids (from <c>Activity.Current</c>) on
    /// every event; both formats print them, so a log line leads to its trace in any OTLP backend.
    /// </summary>
    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        var json = builder.Configuration.GetValue<bool>("Logging:Json")
            || builder.Configuration.GetValue<bool>("DOTNET_RUNNING_IN_CONTAINER");
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http.HttpClient", Serilog.Events.LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();
        configuration = json
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.Enrich.With<TraceContextEnricher>().WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
        return builder;
    }
}
