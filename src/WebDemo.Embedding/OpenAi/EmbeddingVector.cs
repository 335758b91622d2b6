using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>A vector that serialises as a JSON array of numbers or, when <see cref="AsBase64"/>, as base64 float32 bytes.</summary>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public readonly record struct EmbeddingVector(ReadOnlyMemory<float> Values, bool AsBase64 = false);
