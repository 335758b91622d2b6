using System.Diagnostics;
using WebDemo.Embedding;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings.Backends;

/// <summary>
/// The real model, computed on the calling thread. There is nothing to wait for, only CPU work to do, so both calls are
/// the same call: <see cref="EmbedAsync"/> has an async signature and blocks its caller exactly as long as
/// <see cref="Embed"/>. The bounded, batched path is <see cref="Batching.LocalBatcher"/> (the batched strategy).
/// </summary>
public sealed class LocalBackend(LocalEncoder encoder) : IEmbeddingBackend
{
    public EmbeddingResult Embed(EmbeddingJob job)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var vectors = encoder.Encode(job.Inputs, job.Truncate); // every core-millisecond of the model, right here
        return new EmbeddingResult(Split(vectors, job.Inputs.Count, job.Dimensions), startedAt, Stopwatch.GetElapsedTime(startedAt));
    }

    public Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Embed(job)); // "async" CPU work: already finished when the task is returned
    }

    /// <summary>One vector per input out of the model's flat output, truncated and renormalised when fewer dimensions were asked for.</summary>
    internal static ReadOnlyMemory<float>[] Split(ReadOnlyMemory<float> vectors, int count, int? dimensions)
    {
        var result = new ReadOnlyMemory<float>[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Resize(vectors.Slice(i * MiniLmModel.Dimensions, MiniLmModel.Dimensions), dimensions);
        }
        return result;
    }

    internal static ReadOnlyMemory<float> Resize(ReadOnlyMemory<float> vector, int? dimensions) =>
        dimensions is { } size && size < vector.Length ? VectorMath.TruncateAndNormalize(vector.Span, size) : vector;
}
