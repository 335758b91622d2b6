using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>The body of an embeddings response, as OpenAI shapes it.</summary>
public sealed record EmbeddingResponse(IReadOnlyList<EmbeddingData> Data, string Model, EmbeddingUsage Usage)
{
    [JsonPropertyName("object"), JsonPropertyOrder(-1)]
    public string ObjectType { get; init; } = "list";
}
