using System.Diagnostics.Metrics;
using WebDemo.Api.Telemetry;

namespace WebDemo.Api.Embeddings.Statistics;

/// <summary>The strategy and batcher instruments of the app's meter (the README lists each with its Prometheus name).</summary>
public sealed class EmbeddingMetrics
{
    public const string StrategyTag = "webdemo.strategy";

    // Starved requests wait for seconds, so the buckets reach well past ASP.NET Core's 10 s.
    private static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 20, 30, 45, 60, 120];

    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    public EmbeddingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AppDiagnostics.Name, AppDiagnostics.Version);
        StrategyRequestDuration = meter.CreateHistogram(
            "webdemo.strategy.request.duration", unit: "s",
            description: "Duration of embeddings requests per strategy, from the moment the server began the request (queueing for a thread included).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        StrategyActiveRequests = meter.CreateUpDownCounter<long>(
            "webdemo.strategy.active_requests", unit: "{request}",
            description: "Embeddings requests currently inside a strategy (in flight).");
        StrategyRejectedRequests = meter.CreateCounter<long>(
            "webdemo.strategy.rejected_requests", unit: "{request}",
            description: "Embeddings requests refused with 429 because too many inputs were in flight.");
        BatchSize = meter.CreateHistogram(
            "webdemo.batcher.batch.size", unit: "{input}",
            description: "Inputs carried by each backend call of the batched strategy.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        BatchingChannelLength = meter.CreateUpDownCounter<long>(
            "webdemo.batcher.queue.length", unit: "{request}",
            description: "Requests of the batched strategy waiting for a batch.");
    }

    public Histogram<double> StrategyRequestDuration { get; }

    public UpDownCounter<long> StrategyActiveRequests { get; }

    public Counter<long> StrategyRejectedRequests { get; }

    public Histogram<int> BatchSize { get; }

    public UpDownCounter<long> BatchingChannelLength { get; }
}
