using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>One vector, at the position of its input.</summary>
public sealed record EmbeddingData(int Index, EmbeddingVector Embedding)
{
    [JsonPropertyName("object"), JsonPropertyOrder(-1)]
    public string ObjectType { get; init; } = "embedding";
}
