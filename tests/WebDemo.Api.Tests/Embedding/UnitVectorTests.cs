using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Embedding;

/// <summary>
/// Short inputs and small <c>dimensions</c> used to come back as all-zero vectors, which make every client's cosine
/// similarity NaN. Now every route answers every non-empty input with a unit vector, in floats and in base64, and
/// every strategy with the same bits.
/// </summary>
public sealed class UnitVectorTests(ITestOutputHelper output)
{
    private static readonly string[] ShortInputs = ["x", "a", "I", "!", "🙂", "x y", "ab", "42", "OK", "\u05E9", "e\u0301"];

    private static readonly string[] Routes =
        ["/embeddings/blocking", "/embeddings/offloaded", "/embeddings/sync-over-async", "/embeddings/async", "/embeddings/batched", "/v1/embeddings"];

    public static TheoryData<int?> Sizes() => [null, 1, 2, 3, 4, 7, 64, 383, 384];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ShortInputsGetTheSameUnitVectorsOnEveryRouteInFloatsAndBase64(int? dimensions)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var embedder = new HashingEmbedder();

        foreach (var route in Routes)
        {
            foreach (var format in new[] { "float", "base64" })
            {
                using var response = await client.PostJsonAsync($"{route}?latencyMs=0",
                    JsonSerializer.Serialize(new { input = ShortInputs, dimensions, encoding_format = format }));

                await response.AssertStatusAsync(HttpStatusCode.OK);
                var body = await response.ReadJsonAsync();
                var data = body.GetProperty("data");
                for (var i = 0; i < ShortInputs.Length; i++)
                {
                    var vector = Vector(data[i].GetProperty("embedding"));
                    var norm = Math.Sqrt(vector.Sum(value => (double)value * value));
                    Assert.True(Math.Abs(norm - 1) <= 1e-6, $"{route} {format} '{ShortInputs[i]}' at {dimensions}: norm {norm}");
                    Assert.Equal(embedder.Embed(ShortInputs[i], dimensions), vector);
                }
                Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() >= ShortInputs.Length);
            }
        }
        output.WriteLine($"dimensions {dimensions?.ToString() ?? "default"}: {Routes.Length} routes x 2 formats x {ShortInputs.Length} inputs, all unit vectors");
    }

    private static float[] Vector(JsonElement embedding) => embedding.ValueKind == JsonValueKind.String
        ? MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding.GetString()!)).ToArray()
        : [.. embedding.EnumerateArray().Select(number => number.GetSingle())];
}
