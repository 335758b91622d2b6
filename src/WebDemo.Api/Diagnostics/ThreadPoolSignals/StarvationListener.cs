using System.Diagnostics.Tracing;
using System.Globalization;

namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

/// <summary>
/// Listens in process to the runtime's thread-pool events while the host runs and counts worker-count adjustments by
/// reason. Reason 6 (Starvation) means the pool saw queued work and no progress, so it injected a thread; reason 8
/// (CooperativeBlocking) means it injected one because threads were blocked waiting on tasks (sync over async). Logs a
/// warning when starvation is detected, at most once every few seconds.
/// </summary>
public sealed partial class StarvationListener(ThreadPoolMetrics metrics, ILogger<StarvationListener> logger, TimeProvider timeProvider)
    : IDisposable
{
    private const uint StarvationReason = 6;
    private const uint CooperativeBlockingReason = 8;
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(5);

    private RuntimeEvents? _events;
    private long _starvation;
    private long _cooperativeBlocking;
    private long _other;
    private long _lastWarningTicks = long.MinValue;

    public StarvationCounts Counts => new(Interlocked.Read(ref _starvation), Interlocked.Read(ref _cooperativeBlocking), Interlocked.Read(ref _other));

    /// <summary>Starts listening to the runtime's events (see <see cref="StarvationListenerLifetime"/>).</summary>
    public void Start() => _events ??= new RuntimeEvents(this);

    public void Dispose() => Interlocked.Exchange(ref _events, null)?.Dispose();

    private void OnAdjustment(uint reason, uint newThreadCount)
    {
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

    private string Count(ref long counter, string reason)
    {
        Interlocked.Increment(ref counter);
        metrics.Adjustments.Add(1, new KeyValuePair<string, object?>(ThreadPoolMetrics.ReasonTag, reason));
        return reason;
    }

    private void WarnAtMostEveryFewSeconds(string reason, uint newThreadCount)
    {
        var now = timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarningTicks);
        if ((last == long.MinValue || timeProvider.GetElapsedTime(last, now) >= WarningInterval)
            && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogStarvation(logger, reason, newThreadCount, Counts.Starvation, Counts.CooperativeBlocking);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Thread-pool starvation: the runtime injected a thread ({Reason}), {ThreadCount} worker threads now; " +
                  "{StarvationEvents} starvation and {CooperativeBlockingEvents} cooperative-blocking injections so far")]
    private static partial void LogStarvation(ILogger logger, string reason, uint threadCount, long starvationEvents, long cooperativeBlockingEvents);

    /// <summary>The in-process listener on the runtime's event source: event 55 of the threading keyword.</summary>
    private sealed class RuntimeEvents(StarvationListener owner) : EventListener
    {
        private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
        private const EventKeywords ThreadingKeyword = (EventKeywords)0x10000;
        private const int AdjustmentEventId = 55; // ThreadPoolWorkerThreadAdjustmentAdjustment

        // A field initializer runs before EventListener's constructor, which already enables the runtime's source and
        // may deliver events from another thread before this constructor's body would have run.
        private readonly StarvationListener _owner = owner;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == RuntimeSource)
            {
                EnableEvents(eventSource, EventLevel.Informational, ThreadingKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventId == AdjustmentEventId && eventData.Payload is { Count: > 2 } payload)
            {
                _owner.OnAdjustment(
                    Convert.ToUInt32(payload[2], CultureInfo.InvariantCulture), Convert.ToUInt32(payload[1], CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>Listens from the moment the host starts (before requests arrive) until it stops.</summary>
internal sealed class StarvationListenerLifetime(StarvationListener listener) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        listener.Dispose();
        return Task.CompletedTask;
    }
}
