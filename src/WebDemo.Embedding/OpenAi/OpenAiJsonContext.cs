using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>Source-generated (reflection-free) JSON for the OpenAI wire types, in OpenAI's snake_case.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
public sealed partial class OpenAiJsonContext : JsonSerializerContext;
