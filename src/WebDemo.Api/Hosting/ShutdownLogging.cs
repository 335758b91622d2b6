using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace WebDemo.Api.Hosting;

/// <summary>
/// Tells operators what a stop is doing: when draining starts (and how long it may take) and how long it took.
/// The second line is written after the server has drained, just before the loggers are flushed and disposed.
/// </summary>
internal sealed partial class ShutdownLogging(
    IHostApplicationLifetime lifetime, IOptions<HostOptions> host, ILogger<ShutdownLogging> logger) : IHostedService
{
    private long _stoppingAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            _stoppingAt = Stopwatch.GetTimestamp();
            LogDraining(logger, host.Value.ShutdownTimeout.TotalSeconds);
        });
        lifetime.ApplicationStopped.Register(() => LogStopped(logger, Stopwatch.GetElapsedTime(_stoppingAt).TotalMilliseconds));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stopping: new connections are refused; in-flight requests get up to {TimeoutSeconds} s to finish")]
    private static partial void LogDraining(ILogger logger, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped after draining for {DrainMs:0} ms")]
    private static partial void LogStopped(ILogger logger, double drainMs);
}
