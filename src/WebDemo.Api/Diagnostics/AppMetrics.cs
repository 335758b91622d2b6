using System.Diagnostics.Metrics;

namespace WebDemo.Api.Diagnostics;

/// <summary>
/// Every instrument of the app's own meter, in one place (the README lists each with its Prometheus name).
/// Synchronous instruments are recorded by the feature that owns the event; observable ones read the thread pool.
/// </summary>
public static class AppMetrics
{
    public const string StrategyTag = "webdemo.strategy";
    public const string ReasonTag = "reason";

    // Starved requests wait for seconds, so the buckets reach well past ASP.NET Core's 10 s.
    private static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 20, 30, 45, 60, 120];

    // A healthy pool picks a work item up in microseconds; a starved one in hundreds of ms to seconds.
    private static readonly double[] SchedulingDelayBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    public static readonly Histogram<double> StrategyRequestDuration = AppDiagnostics.Meter.CreateHistogram(
        "webdemo.strategy.request.duration", unit: "s",
        description: "Duration of embeddings requests per strategy, from the moment the server began the request (queueing for a thread included).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly UpDownCounter<long> StrategyActiveRequests = AppDiagnostics.Meter.CreateUpDownCounter<long>(
        "webdemo.strategy.active_requests", unit: "{request}",
        description: "Embeddings requests currently inside a strategy (in flight).");

    public static readonly Counter<long> StrategyRejectedRequests = AppDiagnostics.Meter.CreateCounter<long>(
        "webdemo.strategy.rejected_requests", unit: "{request}",
        description: "Embeddings requests refused with 429 because too many inputs were in flight.");

    public static readonly Histogram<double> SchedulingDelay = AppDiagnostics.Meter.CreateHistogram(
        "webdemo.thread_pool.scheduling_delay", unit: "s",
        description: "How long a probe work item queued every 100 ms waited in the thread pool's global queue before it ran.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SchedulingDelayBuckets });

    public static readonly Gauge<double> SchedulingDelayLast = AppDiagnostics.Meter.CreateGauge<double>(
        "webdemo.thread_pool.scheduling_delay.last", unit: "s",
        description: "The latest scheduling delay: the last probe's wait, or how long a probe still queued has waited so far.");

    public static readonly Counter<long> ThreadPoolAdjustments = AppDiagnostics.Meter.CreateCounter<long>(
        "webdemo.thread_pool.adjustments", unit: "{adjustment}",
        description: "Thread-pool worker-count adjustments by reason (starvation, cooperative_blocking, other), from the runtime's event 55.");

    public static readonly Histogram<int> BatchSize = AppDiagnostics.Meter.CreateHistogram(
        "webdemo.batcher.batch.size", unit: "{input}",
        description: "Inputs carried by each backend call of the batched strategy.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });

    public static readonly UpDownCounter<long> BatchQueueLength = AppDiagnostics.Meter.CreateUpDownCounter<long>(
        "webdemo.batcher.queue.length", unit: "{request}",
        description: "Requests of the batched strategy waiting for a batch.");

    // The runtime's own dotnet.thread_pool.thread.count and queue.length are exported as monotonic counters on
    // .NET 10 (a runtime bug), which Prometheus would rate() as nonsense; these are proper gauges.
    // Not ".thread.count": Prometheus reserves the _count suffix for histograms (see PrometheusTextSerializer).
    public static readonly ObservableGauge<int> ThreadCount = AppDiagnostics.Meter.CreateObservableGauge(
        "webdemo.thread_pool.threads", () => ThreadPool.ThreadCount, unit: "{thread}",
        description: "Thread-pool threads that currently exist.");

    public static readonly ObservableGauge<long> QueueLength = AppDiagnostics.Meter.CreateObservableGauge(
        "webdemo.thread_pool.queue.length", () => ThreadPool.PendingWorkItemCount, unit: "{work_item}",
        description: "Work items queued to the thread pool and not yet started.");

    public static readonly ObservableCounter<long> CompletedWorkItems = AppDiagnostics.Meter.CreateObservableCounter(
        "webdemo.thread_pool.work_item.count", () => ThreadPool.CompletedWorkItemCount, unit: "{work_item}",
        description: "Work items the thread pool has completed since the process started.");

    public static readonly ObservableGauge<int> MinThreads = AppDiagnostics.Meter.CreateObservableGauge(
        "webdemo.thread_pool.min_threads", () => ThreadPoolState.MinWorkerThreads, unit: "{thread}",
        description: "The pool's minimum worker threads: below it threads are created on demand, above it only slowly.");
}

/// <summary>The parts of the thread pool's state that need an out-parameter call to read.</summary>
public static class ThreadPoolState
{
    public static int MinWorkerThreads
    {
        get
        {
            ThreadPool.GetMinThreads(out var worker, out _);
            return worker;
        }
    }

    public static int MaxWorkerThreads
    {
        get
        {
            ThreadPool.GetMaxThreads(out var worker, out _);
            return worker;
        }
    }
}
