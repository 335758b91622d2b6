using System.Diagnostics;
using WebDemo.Embedding.Threading;

namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

/// <summary>
/// The direct measure of starvation. Every 100 ms a dedicated thread (not a pool thread, so it keeps ticking while the
/// pool is starved) queues a work item to the pool's global queue and the item records how long it waited to run:
/// microseconds when the pool has a free thread, hundreds of milliseconds to seconds when it is starved.
/// </summary>
public sealed partial class SchedulingDelayProbe(ThreadPoolMetrics metrics, ILogger<SchedulingDelayProbe> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private const int RecentTicks = 50; // ≈ 5 s of ticks for the recent maximum

    private readonly ManualResetEventSlim _stopping = new();
    private readonly Lock _lock = new();
    private readonly Queue<long> _waiting = new();          // queue timestamps of probes not yet run, oldest first
    private readonly double[] _recent = new double[RecentTicks];
    private Task? _loop;
    private long _completedProbes;
    private long _lastDelayTicks;                            // Stopwatch ticks of the last probe that ran
    private long _tick;                                      // ticks published so far

    /// <summary>The latest delay: the last probe's wait, or longer if an older probe is still waiting.</summary>
    public TimeSpan Current { get; private set; }

    /// <summary>The largest <see cref="Current"/> of the last ~5 s.</summary>
    public TimeSpan RecentMax => MaxOver(RecentTicks);

    /// <summary>
    /// The largest <see cref="Current"/> of the last second. This, not <see cref="Current"/>, is what a once-a-second
    /// reader should show: its own request needs a pool thread too, so it is only ever answered at a moment the pool
    /// had one free, and <see cref="Current"/> is by then the wait of a probe that ran just after the queue drained.
    /// </summary>
    public TimeSpan LastSecondMax => MaxOver((int)(TimeSpan.FromSeconds(1) / Interval));

    private TimeSpan MaxOver(int ticks)
    {
        lock (_lock)
        {
            var max = 0.0;
            for (var i = 1; i <= Math.Min(ticks, _tick); i++)
            {
                max = Math.Max(max, _recent[(_tick - i) % RecentTicks]);
            }
            return TimeSpan.FromMilliseconds(max);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = DedicatedThread.Start("Scheduling-delay probe", Run);
        LogStarted(logger, Interval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Set();
        return _loop is null ? Task.CompletedTask : DedicatedThread.StopWaitingAsync(_loop, TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _stopping.Dispose();

    private void Run()
    {
        var dequeued = 0L;
        while (!_stopping.IsSet)
        {
            // Probes run in queue order, so the ones that completed are the oldest ones we queued.
            for (var completed = Interlocked.Read(ref _completedProbes); dequeued < completed; dequeued++)
            {
                _waiting.Dequeue();
            }
            var lastDelay = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _lastDelayTicks));
            var oldestWait = _waiting.TryPeek(out var queuedAt) ? Stopwatch.GetElapsedTime(queuedAt) : TimeSpan.Zero;
            Publish(oldestWait > lastDelay ? oldestWait : lastDelay);

            var now = Stopwatch.GetTimestamp();
            _waiting.Enqueue(now);
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Probe.Ran(state.QueuedAt), (Probe: this, QueuedAt: now), preferLocal: false);
            _stopping.Wait(Interval);
        }
    }

    private void Ran(long queuedAt)
    {
        var delay = Stopwatch.GetTimestamp() - queuedAt;
        Interlocked.Exchange(ref _lastDelayTicks, delay);
        Interlocked.Increment(ref _completedProbes);
        metrics.SchedulingDelay.Record(Stopwatch.GetElapsedTime(0, delay).TotalSeconds);
    }

    private void Publish(TimeSpan current)
    {
        Current = current;
        lock (_lock)
        {
            _recent[_tick++ % RecentTicks] = current.TotalMilliseconds;
        }
        metrics.SchedulingDelayLast.Record(current.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduling-delay probe started: one work item every {IntervalMs} ms")]
    private static partial void LogStarted(ILogger logger, double intervalMs);
}
