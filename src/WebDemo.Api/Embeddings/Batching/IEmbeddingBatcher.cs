namespace WebDemo.Api.Embeddings.Batching;

/// <summary>
/// Where the batched strategy queues a request: <see cref="EmbeddingBatcher"/> (one async worker) for the backends that
/// wait, <see cref="LocalBatcher"/> (one inference thread per core) for the local model, which computes.
/// </summary>
public interface IEmbeddingBatcher
{
    /// <summary>Queues the job; the task completes with its own vectors once a worker has run the batch it joined.</summary>
    Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken);
}
