using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>Writes vectors straight from memory (no intermediate arrays) and reads both wire formats back.</summary>
public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    public override EmbeddingVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bytes = reader.GetBytesFromBase64();
            var floats = new float[bytes.Length / sizeof(float)];
            bytes.AsSpan(0, floats.Length * sizeof(float)).CopyTo(MemoryMarshal.AsBytes(floats.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                throw new NotSupportedException("Base64 embeddings are little-endian float32.");
            }
            return new EmbeddingVector(floats, AsBase64: true);
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("'embedding' must be an array of numbers or a base64 string.");
        }
        var values = new List<float>(HashingEmbedder.DefaultDimensions);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetSingle());
        }
        return new EmbeddingVector(values.ToArray());
    }

    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        var span = value.Values.Span;
        if (value.AsBase64)
        {
            // The wire format is little-endian float32, which is the in-memory layout on every platform .NET 10 runs on.
            writer.WriteBase64StringValue(MemoryMarshal.AsBytes(span));
            return;
        }
        writer.WriteStartArray();
        foreach (var number in span)
        {
            writer.WriteNumberValue(number);
        }
        writer.WriteEndArray();
    }
}
