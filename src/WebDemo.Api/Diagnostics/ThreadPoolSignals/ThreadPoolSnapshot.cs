using WebDemo.Api.Embeddings.Statistics;

namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

/// <summary>
/// The body of <c>GET /diagnostics/threadpool</c>: what the thread pool is doing right now, for the dashboard and
/// the load tool (which polls it once a second). A contract: fields are only ever added.
/// </summary>
/// <param name="Timestamp">When the snapshot was taken (UTC).</param>
/// <param name="ThreadCount">Thread-pool threads that exist now.</param>
/// <param name="MinWorkerThreads">Below this many threads the pool creates threads on demand; above it, only slowly.</param>
/// <param name="MaxWorkerThreads">The pool never grows beyond this.</param>
/// <param name="QueueLength">Work items queued and not yet started.</param>
/// <param name="CompletedWorkItems">Work items completed since the process started.</param>
/// <param name="SchedulingDelayMs">
/// The longest wait in the pool's queue of the last second's probes (counting a still-queued probe's wait so far), ms. Not
/// just the latest probe's: this snapshot is only taken once its own request gets a thread, when the queue has drained.
/// </param>
/// <param name="SchedulingDelayMaxMs">The largest scheduling delay of the last ~5 s, ms.</param>
/// <param name="StarvationEvents">Thread injections counted so far, by the runtime's reason.</param>
/// <param name="Strategies">Per strategy: requests inside it now, completed so far, and RPS, p50 and p99 (ms) of the last 5 s.</param>
public sealed record ThreadPoolSnapshot(
    DateTimeOffset Timestamp,
    int ThreadCount,
    int MinWorkerThreads,
    int MaxWorkerThreads,
    long QueueLength,
    long CompletedWorkItems,
    double SchedulingDelayMs,
    double SchedulingDelayMaxMs,
    StarvationCounts StarvationEvents,
    IReadOnlyDictionary<string, StrategySnapshot> Strategies);
