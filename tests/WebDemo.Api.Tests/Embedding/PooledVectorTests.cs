using System.Net;
using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Embedding;

/// <summary>
/// The simulated backend's vectors live in pooled buffers that go back to the pool once an answer is written, and a
/// batch's requests share one buffer. Under concurrency every answer must still carry its own input's vector: a buffer
/// given back too early, or shared wrongly, would show another request's floats.
/// </summary>
public sealed class PooledVectorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/embeddings/async")]
    [InlineData("/embeddings/batched")]
    [InlineData("/embeddings/blocking")]
    public async Task ConcurrentRequestsEachGetTheirOwnVectors(string route)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var embedder = new HashingEmbedder();
        var texts = Enumerable.Range(0, 300).Select(i => $"request {i}: {string.Concat(Enumerable.Repeat($"word{i} ", i % 7 + 1))}").ToArray();

        for (var round = 0; round < 3; round++) // later rounds reuse the arrays the first gave back
        {
            await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (text, cancellationToken) =>
            {
                var inputs = new[] { text, text + " and a second input" };
                using var response = await client.PostJsonAsync($"{route}?latencyMs=5", JsonSerializer.Serialize(new { input = inputs }), cancellationToken);
                await response.AssertStatusAsync(HttpStatusCode.OK);
                var data = (await response.ReadJsonAsync()).GetProperty("data");
                for (var i = 0; i < inputs.Length; i++)
                {
                    float[] vector = [.. data[i].GetProperty("embedding").EnumerateArray().Select(number => number.GetSingle())];
                    Assert.Equal(embedder.Embed(inputs[i]), vector);
                }
            });
        }
        output.WriteLine($"{route}: 3 rounds x {texts.Length} requests of 2 inputs, 64 at a time, each answer its own vectors");
    }
}
