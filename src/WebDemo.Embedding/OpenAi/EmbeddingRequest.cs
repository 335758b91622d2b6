using System.ComponentModel;
using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>The body of an embeddings request, as in OpenAI's <c>POST /v1/embeddings</c>.</summary>
public sealed class EmbeddingRequest
{
    /// <summary>Encoding formats a client may ask for.</summary>
    public static readonly IReadOnlyList<string> EncodingFormats = ["float", "base64"];

    [Description("The text to embed: one string, or an array of up to 2048 non-empty strings.")]
    [JsonConverter(typeof(EmbeddingInputConverter))]
    public IReadOnlyList<string>? Input { get; init; }

    [Description("Model name echoed back in the response. Optional; the server's configured model is used when omitted.")]
    public string? Model { get; init; }

    [Description("Length of each returned vector: 1 to the native size (384 by default). The hashing embedder folds its features into that many buckets; the local model keeps its first values. Either way the vector has unit length.")]
    public int? Dimensions { get; init; }

    [Description("\"float\" (default) returns arrays of numbers; \"base64\" returns little-endian float32 bytes in base64.")]
    [JsonPropertyName("encoding_format")]
    public string? EncodingFormat { get; init; }

    [Description("Local model only (as TEI's \"truncate\"): when true, an input longer than the model's window (256 word-pieces for " +
        "all-MiniLM-L6-v2, [CLS] and [SEP] included) is cut to the window instead of being refused with a 400. Default false.")]
    public bool? Truncate { get; init; }

    [Description("An end-user identifier, accepted for OpenAI compatibility and ignored.")]
    public string? User { get; init; }
}
