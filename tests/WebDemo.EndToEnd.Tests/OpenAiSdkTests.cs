using System.ClientModel;
using OpenAI;
using OpenAI.Embeddings;
using WebDemo.Embedding;
using WebDemo.Processes;

namespace WebDemo.EndToEnd.Tests;

/// <summary>The official OpenAI .NET SDK, pointed at the API's <c>/v1</c>, as any OpenAI user would point it.</summary>
public sealed class OpenAiSdkTests(ITestOutputHelper output)
{
    private const string Model = "webdemo-hash-384";

    [Fact]
    public async Task TheOpenAiSdkGetsUnitLengthVectorsOfTheRequestedSize()
    {
        await using var api = await Apps.StartApiAsync(output);
        var client = CreateClient(api);

        // The SDK asks for base64 by default and decodes it, so this also checks the base64 float32 wire format.
        var native = await client.GenerateEmbeddingsAsync(["How can I reset my password?", "How do I reset my password"]).WaitAsync(Apps.Timeout);
        var shortened = await client.GenerateEmbeddingAsync("How can I reset my password?", new EmbeddingGenerationOptions { Dimensions = 64 })
            .WaitAsync(Apps.Timeout);

        Assert.Equal(Model, native.Value.Model);
        Assert.Equal(2, native.Value.Count);
        var first = native.Value[0].ToFloats();
        var second = native.Value[1].ToFloats();
        Assert.Equal(HashingEmbedder.DefaultDimensions, first.Length);
        Assert.Equal(HashingEmbedder.DefaultDimensions, second.Length);
        Assert.Equal(1.0, Norm(first.Span), precision: 4);
        Assert.Equal(1.0, Norm(second.Span), precision: 4);
        Assert.True(VectorMath.Cosine(first.Span, second.Span) > 0.6, "Paraphrases should be close.");
        Assert.True(native.Value.Usage.InputTokenCount > 0);

        var small = shortened.Value.ToFloats();
        Assert.Equal(64, small.Length);
        Assert.Equal(1.0, Norm(small.Span), precision: 4);
    }

    [Fact]
    public async Task TheOpenAiSdkShowsTheServersErrorMessageForABadRequest()
    {
        await using var api = await Apps.StartApiAsync(output);
        var client = CreateClient(api);

        var exception = await Assert.ThrowsAsync<ClientResultException>(() =>
            client.GenerateEmbeddingAsync("too many dimensions", new EmbeddingGenerationOptions { Dimensions = 5000 }).WaitAsync(Apps.Timeout));

        output.WriteLine($"The SDK's exception message: {exception.Message}");
        Assert.Equal(400, exception.Status);
        // The SDK reads OpenAI's error envelope, so the server's own message is what the user sees.
        Assert.Contains("'dimensions' must be between 1 and 384; it was 5000.", exception.Message, StringComparison.Ordinal);
    }

    private static EmbeddingClient CreateClient(AppProcess api) =>
        new(Model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(api.BaseAddress, "/v1") });

    private static double Norm(ReadOnlySpan<float> vector)
    {
        double sumOfSquares = 0;
        foreach (var value in vector)
        {
            sumOfSquares += (double)value * value;
        }
        return Math.Sqrt(sumOfSquares);
    }
}
