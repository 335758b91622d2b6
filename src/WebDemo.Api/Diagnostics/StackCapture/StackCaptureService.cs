using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebDemo.Api.Diagnostics.ThreadPoolSignals;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Embedding.Threading;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// The capture thread: takes stack captures on one dedicated thread — never a pool thread, which may be the very thing that
/// is starved — one at a time: on demand (requests arriving meanwhile join the capture running or the one asked for), and
/// when <see cref="AutomaticCapturePolicy"/> says so. Results go to <see cref="StackCaptureStore"/>. Requests only ever
/// await a capture; none holds a thread for it.
/// </summary>
public sealed partial class StackCaptureService(
    EventPipeStackSampler sampler, AutomaticCapturePolicy automatic, StackCaptureStore store, SchedulingDelayProbe probe,
    StrategyStatistics strategies, StackCaptureMetrics metrics, IOptions<StackCaptureOptions> options, TimeProvider timeProvider,
    ILogger<StackCaptureService> logger) : IHostedService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100); // the probe's own interval
    private readonly StackCaptureOptions _options = options.Value;
    // A monitor rather than a wait handle: nothing to dispose while the capture thread may still be finishing a capture.
    private readonly object _signal = new();
    private bool _woken;
    private volatile bool _stopping;
    private readonly Lock _lock = new();
    private TaskCompletionSource<StackCaptureResult>? _requested;   // an on-demand capture not started yet
    private TaskCompletionSource<StackCaptureResult>? _running;     // the capture running now, which late requests join
    private string? _unavailable;
    private Task? _loop;

    public StackCaptureStatus Status
    {
        get
        {
            lock (_lock)
            {
                return new StackCaptureStatus(_options.Enabled, _unavailable is null && _options.Enabled,
                    _options.Enabled ? _unavailable : "StackCapture:Enabled is false", _options.Automatic, _options.ThresholdMs,
                    _options.MinIntervalSeconds, _running is not null);
            }
        }
    }

    /// <summary>Asks the capture thread for a capture (or joins the one running); the caller awaits, holding no thread.</summary>
    public Task<StackCaptureResult> CaptureAsync()
    {
        lock (_lock)
        {
            if (!_options.Enabled || _unavailable is not null)
            {
                var reason = _options.Enabled ? _unavailable! : "StackCapture:Enabled is false";
                return Task.FromException<StackCaptureResult>(new StackCaptureUnavailableException(reason));
            }
            var capture = _running ?? (_requested ??= new TaskCompletionSource<StackCaptureResult>(TaskCreationOptions.RunContinuationsAsynchronously));
            Wake();
            return capture.Task;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled(logger);
            return Task.CompletedTask;
        }
        _unavailable = EventPipeStackSampler.UnavailableReason();
        if (_unavailable is not null)
        {
            LogOff(logger, _unavailable);
            return Task.CompletedTask;
        }
        _loop = DedicatedThread.Start("Stack capture", Run);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        Wake();
        return _loop is null ? Task.CompletedTask : DedicatedThread.StopWaitingAsync(_loop, TimeSpan.FromSeconds(2));
    }

    private void Wake()
    {
        lock (_signal)
        {
            _woken = true;
            Monitor.Pulse(_signal);
        }
    }

    private void WaitForWakeOrInterval()
    {
        lock (_signal)
        {
            if (!_woken)
            {
                Monitor.Wait(_signal, CheckInterval);
            }
            _woken = false;
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            WaitForWakeOrInterval();
            if (_stopping)
            {
                break;
            }
            var trigger = StackCaptureResult.OnDemand;
            TaskCompletionSource<StackCaptureResult>? capture;
            lock (_lock)
            {
                capture = _requested;
                _requested = null;
                if (capture is null && automatic.IsDue())
                {
                    capture = new TaskCompletionSource<StackCaptureResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    trigger = StackCaptureResult.Automatic;
                }
                _running = capture;
            }
            if (capture is not null)
            {
                Capture(trigger, capture);
            }
        }
        lock (_lock)
        {
            _requested?.TrySetCanceled();
        }
    }

    private void Capture(string trigger, TaskCompletionSource<StackCaptureResult> capture)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        StackCaptureResult? found = null;
        try
        {
            var result = Take(trigger, startedAt, cpuBefore);
            store.Keep(result);
            found = result;
            metrics.Record(trigger, "ok", Stopwatch.GetElapsedTime(startedAt));
            LogResult(result);
            capture.TrySetResult(result);
        }
        catch (StackCaptureUnavailableException exception)
        {
            lock (_lock)
            {
                _unavailable = exception.Message;
            }
            metrics.Record(trigger, "unavailable", Stopwatch.GetElapsedTime(startedAt));
            LogOff(logger, exception.Message);
            capture.TrySetException(exception);
        }
        catch (Exception exception)
        {
            // Anything else (I/O on the temporary trace, a trace TraceEvent cannot read …): a diagnostic aid must never end
            // the process, and an exception escaping this thread would. Logged and counted, and the next capture tries afresh.
            metrics.Record(trigger, "failed", Stopwatch.GetElapsedTime(startedAt));
            LogFailed(logger, exception, trigger);
            capture.TrySetException(exception);
        }
        finally
        {
            if (trigger == StackCaptureResult.Automatic)
            {
                automatic.Captured(found);
            }
            lock (_lock)
            {
                _running = null;
            }
        }
    }

    private StackCaptureResult Take(string trigger, long startedAt, TimeSpan cpuBefore)
    {
        var capturedAt = timeProvider.GetUtcNow();
        var delayMs = Math.Round(probe.Current.TotalMilliseconds, 1);
        var (poolThreads, queued, inFlight) = (ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, strategies.InFlight());

        var threads = sampler.Sample(TimeSpan.FromMilliseconds(_options.WindowMs), _options.BufferSizeMb);
        var analysis = CallChains.Analyse(threads, _options.ApplicationAssemblyPrefix, _options.ApplicationFramesPerChain);

        return new StackCaptureResult(store.NextId(), capturedAt, trigger, delayMs, poolThreads, queued, inFlight,
            analysis.PoolThreads, analysis.IdlePoolThreads, analysis.OtherThreads,
            Math.Round(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, 1),
            Math.Round((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds, 1),
            analysis.Chains);
    }

    private void LogResult(StackCaptureResult result)
    {
        if (result.Chains.Count > 0 && result.Chains[0] is { } top)
        {
            LogTopChain(logger, result.Trigger, result.SchedulingDelayMs, top.Threads, result.SampledPoolThreads, top.Name, result.Id,
                result.WallMs, result.CpuMs);
        }
        else
        {
            LogNothingBusy(logger, result.Trigger, result.SchedulingDelayMs, result.SampledPoolThreads, result.Id, result.WallMs);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Stack capture {CaptureId} ({Trigger}, scheduling delay {SchedulingDelayMs} ms): {ChainThreads} of {PoolThreads} pool threads " +
                  "in {TopChain} — GET /diagnostics/stacks/{CaptureId} for every chain; took {WallMs} ms, {CpuMs} ms CPU")]
    private static partial void LogTopChain(ILogger logger, string trigger, double schedulingDelayMs, int chainThreads, int poolThreads,
        string topChain, long captureId, double wallMs, double cpuMs);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stack capture {CaptureId} ({Trigger}, scheduling delay {SchedulingDelayMs} ms): none of {PoolThreads} pool threads was busy; took {WallMs} ms")]
    private static partial void LogNothingBusy(ILogger logger, string trigger, double schedulingDelayMs, int poolThreads, long captureId, double wallMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stack capture is off: {Reason}")]
    private static partial void LogOff(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack capture is off: StackCapture:Enabled is false")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stack capture ({Trigger}) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string trigger);
}
