using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>Token accounting: one token per word or symbol (punctuation, emoji) of the input; the local model counts its word-pieces.</summary>
public sealed record EmbeddingUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);
