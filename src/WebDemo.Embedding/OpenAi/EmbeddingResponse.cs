using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>The body of an embeddings response, as OpenAI shapes it.</summary>
public sealed record EmbeddingResponse(IReadOnlyList<EmbeddingData> Data, string Model, EmbeddingUsage Usage)
{
    [JsonPropertyName("object"), JsonPropertyOrder(-1)]
    public string ObjectType { get; init; } = "list";
}

/// <summary>One vector, at the position of its input.</summary>
public sealed record EmbeddingData(int Index, EmbeddingVector Embedding)
{
    [JsonPropertyName("object"), JsonPropertyOrder(-1)]
    public string ObjectType { get; init; } = "embedding";
}

/// <summary>Token accounting: one token per word or symbol (punctuation, emoji) of the input; the local model counts its word-pieces.</summary>
public sealed record EmbeddingUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

/// <summary>A vector that serialises as a JSON array of numbers or, when <see cref="AsBase64"/>, as base64 float32 bytes.</summary>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public readonly record struct EmbeddingVector(ReadOnlyMemory<float> Values, bool AsBase64 = false);
