using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>Writes vectors straight from memory (no intermediate arrays) and reads both wire formats back.</summary>
public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    // The longest shortest-round-trip float, "-1.17549435E-38", plus a comma.
    private const int MaxNumberBytes = 16;
    private const int RecentValues = 8;

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
        // The whole array as one raw value: going through the writer number by number costs more than the numbers
        // themselves, and most components of a hashed embedding are exactly 0, which needs no float formatting at all.
        var rented = ArrayPool<byte>.Shared.Rent(2 + (span.Length * MaxNumberBytes));
        try
        {
            var length = FormatArray(span, rented);
            writer.WriteRawValue(rented.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int FormatArray(ReadOnlySpan<float> values, Span<byte> json)
    {
        // The non-zero components of a hashed embedding take few distinct values (multiples of 0.5 / norm), so a value
        // met recently is copied from where it was written instead of being formatted again.
        Span<float> recentValues = stackalloc float[RecentValues];
        Span<int> recentStarts = stackalloc int[RecentValues];
        Span<int> recentLengths = stackalloc int[RecentValues];
        var recentCount = 0;

        var length = 0;
        json[length++] = (byte)'[';
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                json[length++] = (byte)',';
            }
            var number = values[i];
            if (number == 0)
            {
                json[length++] = (byte)'0';
                continue;
            }
            var seen = recentValues[..Math.Min(recentCount, RecentValues)].IndexOf(number);
            if (seen >= 0)
            {
                json.Slice(recentStarts[seen], recentLengths[seen]).CopyTo(json[length..]);
                length += recentLengths[seen];
                continue;
            }
            var written = FormatNumber(number, json[length..]);
            var slot = recentCount++ % RecentValues;
            (recentValues[slot], recentStarts[slot], recentLengths[slot]) = (number, length, written);
            length += written;
        }
        json[length++] = (byte)']';
        return length;
    }

    // The shortest form that reads back as the same float, as Utf8JsonWriter.WriteNumberValue(float) writes it.
    private static int FormatNumber(float number, Span<byte> destination)
    {
        if (!float.IsFinite(number))
        {
            throw new ArgumentException($"An embedding cannot contain {number}: JSON has no such number.", nameof(number));
        }
        number.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
