using System.Diagnostics.Tracing;

namespace WebDemo.Api.Diagnostics;

/// <summary>
/// Listens in process to the runtime's thread-pool events and counts worker-count adjustments by reason. Reason 6
/// (Starvation) means the pool saw queued work and no progress, so it injected a thread; reason 8 (CooperativeBlocking)
/// means it injected one because threads were blocked waiting on tasks (sync over async). Logs a warning when
/// starvation is detected, at most once every few seconds.
/// </summary>
public sealed partial class StarvationListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords ThreadingKeyword = (EventKeywords)0x10000;
    private const int AdjustmentEventId = 55; // ThreadPoolWorkerThreadAdjustmentAdjustment
    private const uint StarvationReason = 6;
    private const uint CooperativeBlockingReason = 8;
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(5);

    // EventListener's base constructor already calls OnEventSourceCreated, so events can arrive before this constructor
    // body has run: these two may still be null then (the counting itself needs neither).
    private readonly ILogger<StarvationListener>? _logger;
    private readonly TimeProvider? _timeProvider;
    private long _starvation;
    private long _cooperativeBlocking;
    private long _other;
    private long _lastWarningTicks = long.MinValue;

    public StarvationListener(ILogger<StarvationListener> logger, TimeProvider timeProvider)
    {
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public StarvationCounts Counts => new(Interlocked.Read(ref _starvation), Interlocked.Read(ref _cooperativeBlocking), Interlocked.Read(ref _other));

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, ThreadingKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AdjustmentEventId || eventData.Payload is not { Count: > 2 } payload)
        {
            return;
        }
        var reason = Convert.ToUInt32(payload[2], System.Globalization.CultureInfo.InvariantCulture);
        var newThreadCount = Convert.ToUInt32(payload[1], System.Globalization.CultureInfo.InvariantCulture);
        var name = reason switch
        {
            StarvationReason => Count(ref _starvation, "starvation"),
            CooperativeBlockingReason => Count(ref _cooperativeBlocking, "cooperative_blocking"),
            _ => Count(ref _other, "other"),
        };
        if (reason is StarvationReason or CooperativeBlockingReason)
        {
            WarnAtMostEveryFewSeconds(name, newThreadCount);
        }
    }

    private static string Count(ref long counter, string reason)
    {
        Interlocked.Increment(ref counter);
        AppMetrics.ThreadPoolAdjustments.Add(1, new KeyValuePair<string, object?>(AppMetrics.ReasonTag, reason));
        return reason;
    }

    private void WarnAtMostEveryFewSeconds(string reason, uint newThreadCount)
    {
        if (_logger is null || _timeProvider is null)
        {
            return;
        }
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarningTicks);
        if ((last == long.MinValue || _timeProvider.GetElapsedTime(last, now) >= WarningInterval)
            && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogStarvation(_logger, reason, newThreadCount, Counts.Starvation, Counts.CooperativeBlocking);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Thread-pool starvation: the runtime injected a thread ({Reason}), {ThreadCount} worker threads now; " +
                  "{StarvationEvents} starvation and {CooperativeBlockingEvents} cooperative-blocking injections so far")]
    private static partial void LogStarvation(ILogger logger, string reason, uint threadCount, long starvationEvents, long cooperativeBlockingEvents);
}

/// <summary>Thread-pool adjustments counted so far, by reason.</summary>
public sealed record StarvationCounts(long Starvation, long CooperativeBlocking, long Other);
