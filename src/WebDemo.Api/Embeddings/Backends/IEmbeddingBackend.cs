namespace WebDemo.Api.Embeddings.Backends;

/// <summary>
/// The one embedding service every strategy calls. Each backend offers the same call twice:
/// a blocking one that holds the calling thread until the answer is there, and a truly
/// asynchronous one that gives the thread back while it waits.
/// </summary>
public interface IEmbeddingBackend
{
    /// <summary>Blocks the calling thread for the whole call.</summary>
    EmbeddingResult Embed(EmbeddingJob job);

    /// <summary>Releases the calling thread while waiting; stops waiting when <paramref name="cancellationToken"/> fires.</summary>
    Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken);
}
