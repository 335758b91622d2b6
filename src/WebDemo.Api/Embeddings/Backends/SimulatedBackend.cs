using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings.Backends;

/// <summary>
/// Waits like a remote model call (base latency + a cost per input, optional jitter), then computes
/// the vectors locally. The blocking path sleeps the thread; the async path awaits a timer.
/// </summary>
public sealed class SimulatedBackend(HashingEmbedder embedder, IOptions<BackendOptions> options, TimeProvider timeProvider)
    : IEmbeddingBackend
{
    private readonly SimulatedBackendOptions _options = options.Value.Simulated;

    public EmbeddingResult Embed(EmbeddingJob job)
    {
        var startedAt = Stopwatch.GetTimestamp();
        Thread.Sleep(LatencyOf(job));
        return Compute(job, startedAt);
    }

    public async Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        await Task.Delay(LatencyOf(job), timeProvider, cancellationToken);
        return Compute(job, startedAt);
    }

    private TimeSpan LatencyOf(EmbeddingJob job)
    {
        var baseMs = job.LatencyOverride?.TotalMilliseconds ?? _options.BaseLatencyMs;
        var jitterMs = _options.JitterMs == 0 ? 0 : Random.Shared.Next(-_options.JitterMs, _options.JitterMs + 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, baseMs + (_options.PerInputLatencyMs * job.Inputs.Count) + jitterMs));
    }

    private EmbeddingResult Compute(EmbeddingJob job, long startedAt)
    {
        var dimensions = job.Dimensions ?? embedder.Dimensions;
        // One pooled buffer for all vectors of the call, each input a slice; the answer gives it back once written.
        var buffer = VectorBuffer.Rent(job.Inputs.Count * dimensions);
        var vectors = new ReadOnlyMemory<float>[job.Inputs.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            var slice = buffer.Memory.Slice(i * dimensions, dimensions);
            embedder.Embed(job.Inputs[i], slice.Span);
            vectors[i] = slice;
        }
        return new EmbeddingResult(vectors, startedAt, Stopwatch.GetElapsedTime(startedAt)) { Buffer = buffer };
    }
}
