using System.Text;
using System.Text.Json;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Embedding.Tests;

/// <summary>The vector converter writes its numbers itself (for speed); they must be exactly what System.Text.Json would write.</summary>
public sealed class EmbeddingVectorConverterTests
{
    [Fact]
    public void FloatVectorsAreWrittenAsSystemTextJsonWritesNumbersAndReadBackExactly()
    {
        var random = new Random(20261121);
        float[] values =
        [
            // A real embedding: few distinct values, many repeated (the converter copies repeats instead of reformatting).
            .. new HashingEmbedder().Embed("How can I reset my password? The weather is sunny today, isn't it?"),
            0f, 1f, -1f, 0.125f, -0.5f, 0.125f, 1f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-7f, 123456.79f,
            .. Enumerable.Range(0, 10_000).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 39)))),
            .. Enumerable.Range(0, 10_000).Select(_ => BitConverter.Int32BitsToSingle(random.Next()) is var f && float.IsFinite(f) ? f : 0.25f),
        ];

        var json = JsonSerializer.Serialize(new EmbeddingData(0, new EmbeddingVector(values)), OpenAiJsonContext.Default.EmbeddingData);

        Assert.Contains($"\"embedding\":{WithJsonWriter(values)}", json, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize(json, OpenAiJsonContext.Default.EmbeddingData)!;
        Assert.Equal(values, read.Embedding.Values.ToArray());
    }

    [Fact]
    public void ANonFiniteComponentIsRefusedRatherThanWrittenAsInvalidJson()
    {
        var vector = new EmbeddingVector(new[] { 0.5f, float.NaN });

        Assert.ThrowsAny<ArgumentException>(() =>
            JsonSerializer.Serialize(new EmbeddingData(0, vector), OpenAiJsonContext.Default.EmbeddingData));
    }

    private static string WithJsonWriter(float[] values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteNumberValue(value);
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
