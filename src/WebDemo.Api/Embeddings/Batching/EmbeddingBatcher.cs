using System.Threading.Channels;
using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Api.Telemetry;

namespace WebDemo.Api.Embeddings.Batching;

/// <summary>
/// Dynamic batching: requests are queued in a <see cref="Channel{T}"/>; a single worker takes whatever is
/// queued whenever the backend is free (up to <see cref="EmbeddingsOptions.MaxBatchInputs"/> inputs),
/// makes one backend call for the batch, and hands each request its own vectors.
/// </summary>
public sealed partial class EmbeddingBatcher(
    IEmbeddingBackend backend, IOptions<EmbeddingsOptions> options, EmbeddingMetrics metrics, ILogger<EmbeddingBatcher> logger)
    : BackgroundService, IEmbeddingBatcher
{
    private readonly Channel<PendingRequest> _queue = Channel.CreateUnbounded<PendingRequest>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxBatchInputs = options.Value.MaxBatchInputs;
    private long _batches;
    private long _dropped;
    private int _queued;

    /// <summary>Requests waiting for a batch.</summary>
    public int QueueDepth => Volatile.Read(ref _queued);

    /// <summary>Backend calls made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests cancelled while queued and therefore never computed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(job, cancellationToken);
        Interlocked.Increment(ref _queued);
        metrics.BatchQueueLength.Add(1);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            metrics.BatchQueueLength.Add(-1);
            throw new InvalidOperationException("The batcher is shutting down.");
        }
        return pending.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<PendingRequest>();
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            TakeBatch(reader, batch);
            if (batch.Count > 0)
            {
                await RunBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
    }

    // Everything queued right now, up to the batch limit; a first request larger than the limit goes alone.
    private void TakeBatch(ChannelReader<PendingRequest> reader, List<PendingRequest> batch)
    {
        var inputs = 0;
        while (reader.TryPeek(out var next) && (batch.Count == 0 || inputs + next.Job.Inputs.Count <= _maxBatchInputs))
        {
            reader.TryRead(out _);
            Interlocked.Decrement(ref _queued);
            metrics.BatchQueueLength.Add(-1);
            if (next.Task.IsCompleted)
            {
                // Its client went away while it was queued: drop it without computing anything.
                Interlocked.Increment(ref _dropped);
                LogDropped(logger);
                continue;
            }
            batch.Add(next);
            inputs += next.Job.Inputs.Count;
        }
    }

    // Requests that ask for different sizes cannot share a call: the hashing embedder folds features into as many
    // buckets as asked, which no cut of a longer vector reproduces. In practice a batch is one size and one call.
    private async Task RunBatchAsync(List<PendingRequest> batch, CancellationToken stoppingToken)
    {
        foreach (var sameSize in batch.GroupBy(request => request.Job.Dimensions))
        {
            await CallBackendAsync([.. sameSize], sameSize.Key, stoppingToken);
        }
    }

    private async Task CallBackendAsync(List<PendingRequest> batch, int? dimensions, CancellationToken stoppingToken)
    {
        var combined = Combine(batch, dimensions);
        metrics.BatchSize.Record(combined.Inputs.Count);
        BackendCallContext.Set(BatchedStrategy.Name, batch.Count); // tags the backend span; reverts when this method returns
        try
        {
            var result = await backend.EmbedAsync(combined, stoppingToken);
            Interlocked.Increment(ref _batches);
            var offset = 0;
            foreach (var request in batch)
            {
                request.Complete(Slice(result, offset, request.Job));
                offset += request.Job.Inputs.Count;
            }
        }
        catch (Exception exception)
        {
            foreach (var request in batch)
            {
                request.Fail(exception);
            }
        }
    }

    // One backend call for the whole batch; it waits as long as its slowest member asked (?latencyMs=).
    private static EmbeddingJob Combine(List<PendingRequest> batch, int? dimensions)
    {
        var inputs = new List<string>();
        TimeSpan? latency = null;
        var tokens = 0;
        foreach (var request in batch)
        {
            inputs.AddRange(request.Job.Inputs);
            tokens += request.Job.PromptTokens;
            if (request.Job.LatencyOverride is { } requested && (latency is null || requested > latency))
            {
                latency = requested;
            }
        }
        return new EmbeddingJob(inputs, dimensions, batch[0].Job.Model, latency, AsBase64: false, tokens);
    }

    private static EmbeddingResult Slice(EmbeddingResult result, int offset, EmbeddingJob job)
    {
        var vectors = new ReadOnlyMemory<float>[job.Inputs.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = result.Vectors[offset + i];
        }
        return result with { Vectors = vectors, PromptTokens = null }; // the upstream counted the whole batch, not this request
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a queued request whose client disconnected")]
    private static partial void LogDropped(ILogger logger);
}
