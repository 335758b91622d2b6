using System.Diagnostics.Metrics;
using WebDemo.Api.Telemetry;

namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

/// <summary>
/// The thread-pool instruments of the app's meter (the README lists each with its Prometheus name). The probe and the
/// starvation listener record the synchronous ones; the observable ones read the pool whenever metrics are collected.
/// </summary>
public sealed class ThreadPoolMetrics
{
    public const string ReasonTag = "reason";

    // A healthy pool picks a work item up in microseconds; a starved one in hundreds of ms to seconds.
    private static readonly double[] SchedulingDelayBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public ThreadPoolMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AppDiagnostics.Name, AppDiagnostics.Version);
        SchedulingDelay = meter.CreateHistogram(
            "webdemo.thread_pool.scheduling_delay", unit: "s",
            description: "How long a probe work item queued every 100 ms waited in the thread pool's global queue before it ran.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SchedulingDelayBuckets });
        SchedulingDelayLast = meter.CreateGauge<double>(
            "webdemo.thread_pool.scheduling_delay.last", unit: "s",
            description: "The latest scheduling delay: the last probe's wait, or how long a probe still queued has waited so far.");
        Adjustments = meter.CreateCounter<long>(
            "webdemo.thread_pool.adjustments", unit: "{adjustment}",
            description: "Thread-pool worker-count adjustments by reason (starvation, cooperative_blocking, other), from the runtime's event 55.");

        // The runtime's own dotnet.thread_pool.thread.count and queue.length are exported as monotonic counters on
        // .NET 10 (a runtime bug), which Prometheus would rate() as nonsense; these are proper gauges.
        // Not ".thread.count": Prometheus reserves the _count suffix for histograms.
        meter.CreateObservableGauge("webdemo.thread_pool.threads", () => ThreadPool.ThreadCount, unit: "{thread}",
            description: "Thread-pool threads that currently exist.");
        meter.CreateObservableGauge("webdemo.thread_pool.queue.length", () => ThreadPool.PendingWorkItemCount,
            unit: "{work_item}", description: "Work items queued to the thread pool and not yet started.");
        meter.CreateObservableCounter("webdemo.thread_pool.work_item.count", () => ThreadPool.CompletedWorkItemCount,
            unit: "{work_item}", description: "Work items the thread pool has completed since the process started.");
        meter.CreateObservableGauge("webdemo.thread_pool.min_threads", () => ThreadPoolState.MinWorkerThreads, unit: "{thread}",
            description: "The pool's minimum worker threads: below it threads are created on demand, above it only slowly.");
    }

    public Histogram<double> SchedulingDelay { get; }

    public Gauge<double> SchedulingDelayLast { get; }

    public Counter<long> Adjustments { get; }
}
