using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Api.Telemetry;
using WebDemo.Embedding.Batching;

namespace WebDemo.Api.Embeddings.Batching;

/// <summary>
/// Dynamic batching for the backends that wait: requests are queued in a <see cref="BatchingChannel{TWork, TResult}"/>; a single
/// awaiting worker takes whatever is queued whenever the backend is free (up to <see cref="EmbeddingsOptions.MaxBatchInputs"/>
/// inputs), makes one backend call for the batch, and hands each request its own vectors.
/// </summary>
public sealed partial class EmbeddingBatcher(
    IEmbeddingBackend backend, IOptions<EmbeddingsOptions> options, EmbeddingMetrics metrics, ILogger<EmbeddingBatcher> logger)
    : BackgroundService, IEmbeddingBatcher
{
    private readonly BatchingChannel<EmbeddingJob, EmbeddingResult> _queue = new(job => job.Inputs.Count, options.Value.MaxBatchInputs);
    private long _batches;
    private long _dropped;

    /// <summary>Requests waiting for a batch.</summary>
    public int QueueDepth => _queue.Depth;

    /// <summary>Backend calls made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests cancelled while queued and therefore never computed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        metrics.BatchingChannelLength.Add(1);
        if (!_queue.TryEnqueue(job, cancellationToken, out var result))
        {
            metrics.BatchingChannelLength.Add(-1);
            throw new InvalidOperationException("The batcher is shutting down.");
        }
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWork<EmbeddingJob, EmbeddingResult>>();
        while (await _queue.WaitToReadAsync(stoppingToken)) // the executor: one worker that awaits, holding no thread
        {
            var taken = _queue.TakeBatch(batch);
            metrics.BatchingChannelLength.Add(-taken);
            DroppedQueued(taken - batch.Count);
            if (batch.Count > 0)
            {
                await RunBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
    }

    // Requests whose client went away while they were queued: dropped without computing anything.
    private void DroppedQueued(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _dropped, count);
            LogDropped(logger, count);
        }
    }

    // Requests that ask for different sizes cannot share a call: the hashing embedder folds features into as many
    // buckets as asked, which no cut of a longer vector reproduces. In practice a batch is one size and one call.
    private async Task RunBatchAsync(List<PendingWork<EmbeddingJob, EmbeddingResult>> batch, CancellationToken stoppingToken)
    {
        foreach (var sameSize in batch.GroupBy(request => request.Work.Dimensions))
        {
            await CallBackendAsync([.. sameSize], sameSize.Key, stoppingToken);
        }
    }

    private async Task CallBackendAsync(List<PendingWork<EmbeddingJob, EmbeddingResult>> batch, int? dimensions, CancellationToken stoppingToken)
    {
        var combined = Combine(batch, dimensions);
        metrics.BatchSize.Record(combined.Inputs.Count);
        BackendCallContext.Set(BatchedStrategy.Name, batch.Count); // tags the backend span; reverts when this method returns
        try
        {
            var result = await backend.EmbedAsync(combined, stoppingToken);
            Interlocked.Increment(ref _batches);
            result.Buffer?.Share(batch.Count - 1); // every request's answer reads its own slice of the one buffer
            var offset = 0;
            foreach (var request in batch)
            {
                request.Complete(Slice(result, offset, request.Work));
                offset += request.Work.Inputs.Count;
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
    private static EmbeddingJob Combine(List<PendingWork<EmbeddingJob, EmbeddingResult>> batch, int? dimensions)
    {
        var inputs = new List<string>();
        TimeSpan? latency = null;
        var tokens = 0;
        foreach (var request in batch)
        {
            inputs.AddRange(request.Work.Inputs);
            tokens += request.Work.PromptTokens;
            if (request.Work.LatencyOverride is { } requested && (latency is null || requested > latency))
            {
                latency = requested;
            }
        }
        return new EmbeddingJob(inputs, dimensions, batch[0].Work.Model, latency, AsBase64: false, tokens);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Count} queued request(s) whose client disconnected")]
    private static partial void LogDropped(ILogger logger, int count);
}
