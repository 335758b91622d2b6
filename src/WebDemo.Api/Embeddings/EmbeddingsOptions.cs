using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Embeddings;

/// <summary>Limits and shape of the embedding service (section <c>Embeddings</c>).</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>Native vector size; requests may ask for fewer with <c>dimensions</c>.</summary>
    [Range(8, 4096)]
    public int Dimensions { get; set; } = 384;

    /// <summary>Model name reported when the request names none.</summary>
    [Required, MinLength(1)]
    public string Model { get; set; } = "webdemo-hash-384";

    /// <summary>Most inputs in one request (OpenAI allows 2048).</summary>
    [Range(1, 100_000)]
    public int MaxInputsPerRequest { get; set; } = 2048;

    /// <summary>Most tokens (words and symbols) in one input (OpenAI's limit is 8192 tokens).</summary>
    [Range(1, 1_000_000)]
    public int MaxTokensPerInput { get; set; } = 8192;

    /// <summary>Most inputs in flight across all requests before new ones get 429 (TEI's max_concurrent_requests idea).</summary>
    [Range(1, 10_000_000)]
    public int MaxInFlightInputs { get; set; } = 512;

    /// <summary>Largest accepted request body in bytes; larger bodies get 413.</summary>
    [Range(1024, 1_073_741_824)]
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Bounds of the per-request <c>?latencyMs=</c> override.</summary>
    [Range(0, 3_600_000)]
    public int MaxLatencyOverrideMs { get; set; } = 30_000;

    /// <summary>Most inputs the batched strategy sends to the backend in one call.</summary>
    [Range(1, 100_000)]
    public int MaxBatchInputs { get; set; } = 64;
}
