using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace WebDemo.Api.Telemetry;

/// <summary>
/// Makes dropped log events visible: <c>webdemo.log.events.dropped</c> on the app's meter
/// (<c>webdemo_log_events_dropped_total</c> at <c>/metrics</c>), and a Warning every
/// <see cref="LogBufferOptions.ReportIntervalSeconds"/> in which events were dropped, and once more at stop.
/// </summary>
/// <remarks>
/// The Warning goes through the same full buffer and may be dropped itself; it then counts as a dropped event, so the
/// next check reports again, until one gets through.
/// </remarks>
internal sealed partial class LogBufferReporter : BackgroundService
{
    private readonly TimeSpan _interval;
    private readonly ILogger<LogBufferReporter> _logger;
    private long _reported;

    public LogBufferReporter(IOptions<LogBufferOptions> options, ILogger<LogBufferReporter> logger, IMeterFactory meterFactory)
    {
        _interval = TimeSpan.FromSeconds(options.Value.ReportIntervalSeconds);
        _logger = logger;
        _reported = LogBufferMonitor.Instance.DroppedEvents;
        meterFactory.Create(AppDiagnostics.Name, AppDiagnostics.Version).CreateObservableCounter(
            "webdemo.log.events.dropped", () => LogBufferMonitor.Instance.DroppedEvents, unit: "{event}",
            description: "Log events dropped because the log buffer was full (the request that logged never waits for the console).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ReportDrops();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            ReportDrops(); // the last interval, before the loggers are flushed
        }
    }

    private void ReportDrops()
    {
        var dropped = LogBufferMonitor.Instance.DroppedEvents;
        if (dropped > _reported)
        {
            LogDropped(_logger, dropped - _reported, _interval.TotalSeconds, LogBufferMonitor.Instance.BufferSize ?? 0, dropped);
            _reported = dropped;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Dropped} log events were dropped in the last {Seconds} s: the log buffer ({BufferSize} events) was full; {Total} since start")]
    private static partial void LogDropped(ILogger logger, long dropped, double seconds, int bufferSize, long total);
}
