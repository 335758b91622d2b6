using WebDemo.Api.Embeddings.Backends;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings.Batching;

/// <summary>The batched strategy on the local model: the request joins the inference workers' queue (429 when it is full).</summary>
public sealed class LocalBatcher(InferenceWorkers workers) : IEmbeddingBatcher
{
    public async Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        var result = await workers.EncodeAsync(job.Inputs, job.Truncate, cancellationToken);
        var vectors = new ReadOnlyMemory<float>[result.Vectors.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = LocalBackend.Resize(result.Vectors[i], job.Dimensions);
        }
        return new EmbeddingResult(vectors, result.StartedAt, result.Elapsed);
    }
}
