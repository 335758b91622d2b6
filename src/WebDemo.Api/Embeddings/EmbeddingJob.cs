namespace WebDemo.Api.Embeddings;

/// <summary>A validated request, ready for a backend.</summary>
/// <param name="Inputs">The texts, non-empty.</param>
/// <param name="Dimensions">Requested vector length, or <c>null</c> for the backend's native size.</param>
/// <param name="Model">Model name to report in the response.</param>
/// <param name="LatencyOverride">The request's <c>?latencyMs=</c>, replacing the configured base latency.</param>
/// <param name="AsBase64">Whether vectors go out as base64 float32.</param>
/// <param name="PromptTokens">Tokens over all inputs, counted during validation.</param>
public sealed record EmbeddingJob(
    IReadOnlyList<string> Inputs,
    int? Dimensions,
    string Model,
    TimeSpan? LatencyOverride,
    bool AsBase64,
    int PromptTokens)
{
    /// <summary>Cut inputs longer than the local model's window instead of refusing them (the request's <c>truncate</c>).</summary>
    public bool Truncate { get; init; }

    /// <summary>Minimal-API binding: every strategy reads and validates its body the same (asynchronous) way.</summary>
    public static ValueTask<EmbeddingJob> BindAsync(HttpContext context) => EmbeddingRequestReader.ReadAsync(context);
}
