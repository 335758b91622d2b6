namespace WebDemo.Api.Embeddings;

/// <summary>What a backend returns: one vector per input, and when and how long the backend worked.</summary>
/// <param name="Vectors">One vector per input, in input order.</param>
/// <param name="StartedAt">The <see cref="System.Diagnostics.Stopwatch"/> timestamp when the backend call began.</param>
/// <param name="Elapsed">How long the backend call took, waiting included.</param>
public sealed record EmbeddingResult(IReadOnlyList<ReadOnlyMemory<float>> Vectors, long StartedAt, TimeSpan Elapsed)
{
    /// <summary>The model a remote server says it ran (Http backend), reported instead of the request's; null when it named none.</summary>
    public string? Model { get; init; }

    /// <summary>The pooled buffer the vectors live in, released once the answer is written; null when they are ordinary arrays.</summary>
    public VectorBuffer? Buffer { get; init; }

    /// <summary>Tokens the remote server counted for exactly these inputs (its <c>usage</c>); null to report the request's own count.</summary>
    public int? PromptTokens { get; init; }
}
