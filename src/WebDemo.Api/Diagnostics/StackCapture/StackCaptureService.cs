using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebDemo.Api.Diagnostics.ThreadPoolSignals;
using WebDemo.Api.Embeddings.Statistics;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// Takes stack captures on one dedicated thread — never a pool thread, which may be the very thing that is starved — one
/// at a time: on demand, and automatically when the scheduling delay crosses the threshold (at most once per interval).
/// Keeps the last few in memory. Requests only ever await a capture; none holds a thread for it.
/// </summary>
public sealed partial class StackCaptureService(
    EventPipeStackSampler sampler, SchedulingDelayProbe probe, StrategyStatistics strategies, StackCaptureMetrics metrics, IOptions<StackCaptureOptions> options,
    TimeProvider timeProvider, ILogger<StackCaptureService> logger) : IHostedService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100); // the probe's own interval
    private const int FrameworkOnlyQuietSeconds = 5;
    private readonly StackCaptureOptions _options = options.Value;
    // A monitor rather than a wait handle: nothing to dispose while the capture thread may still be finishing a capture.
    private readonly object _signal = new();
    private bool _woken;
    private volatile bool _stopping;
    private readonly Lock _lock = new();
    private readonly LinkedList<StackCaptureResult> _kept = new(); // newest first
    private TaskCompletionSource<StackCaptureResult>? _requested;   // an on-demand capture not started yet
    private TaskCompletionSource<StackCaptureResult>? _running;     // the capture running now, which late requests join
    private string? _unavailable;
    private long _lastId;
    private long? _quietUntil;                                       // no automatic capture before this timestamp
    private Thread? _thread;

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

    /// <summary>The kept captures, newest first.</summary>
    public IReadOnlyList<StackCaptureResult> Kept()
    {
        lock (_lock)
        {
            return [.. _kept];
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
        _thread = new Thread(Run) { IsBackground = true, Name = "Stack capture" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        Wake();
        _thread?.Join(TimeSpan.FromSeconds(2));
        return Task.CompletedTask;
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
                if (capture is null && DueAutomatically())
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

    private bool DueAutomatically()
    {
        if (!_options.Automatic || probe.Current.TotalMilliseconds < _options.ThresholdMs)
        {
            return false;
        }
        return _quietUntil is not { } until || timeProvider.GetTimestamp() >= until;
    }

    // A capture that found application code holding pool threads quiets automatic captures for the full interval; one that
    // found only framework work (e.g. the first requests' JIT compilation stalling the pool at start-up) for a few seconds,
    // so it does not hide the starvation that follows. A failed one, for the full interval.
    private void QuietAfter(StackCaptureResult? result)
    {
        var quiet = result is null || result.Chains.Any(chain => chain.ApplicationCode)
            ? TimeSpan.FromSeconds(_options.MinIntervalSeconds)
            : TimeSpan.FromSeconds(Math.Min(FrameworkOnlyQuietSeconds, _options.MinIntervalSeconds));
        _quietUntil = timeProvider.GetTimestamp() + (long)(quiet.TotalSeconds * timeProvider.TimestampFrequency);
    }

    private void Capture(string trigger, TaskCompletionSource<StackCaptureResult> capture)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        StackCaptureResult? found = null;
        try
        {
            var result = Take(trigger, startedAt, cpuBefore);
            Keep(result);
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
                QuietAfter(found);
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

        return new StackCaptureResult(Interlocked.Increment(ref _lastId), capturedAt, trigger, delayMs, poolThreads, queued, inFlight,
            analysis.PoolThreads, analysis.IdlePoolThreads, analysis.OtherThreads,
            Math.Round(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, 1),
            Math.Round((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds, 1),
            analysis.Chains);
    }

    private void Keep(StackCaptureResult result)
    {
        lock (_lock)
        {
            _kept.AddFirst(result);
            while (_kept.Count > _options.Keep)
            {
                _kept.RemoveLast();
            }
        }
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
