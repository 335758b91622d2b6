using System.Net;
using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Tests.LocalModel;

/// <summary>The local backend serves real all-MiniLM-L6-v2 vectors: meaning, not word overlap, decides similarity.</summary>
[Collection(SharedLocalModel.Name)]
public sealed class RealVectorTests(LocalModelFixture fixture)
{
    private static readonly string[] MeaningTexts =
        ["How can I reset my password?", "How do I reset my password", "The weather is sunny today", "I forgot my login credentials"];

    [Fact]
    public async Task ParaphrasesAreCloseAndUnrelatedTextsAreFar()
    {
        using var response = await fixture.Client.PostJsonAsync("/embeddings/async", JsonSerializer.Serialize(new
        {
            input = MeaningTexts,
        }));

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var answer = await response.ReadJsonAsync();
        var vectors = LocalModelFixture.Vectors(answer);
        Assert.True(VectorMath.Cosine(vectors[0], vectors[1]) > 0.8, "Paraphrases should be close.");
        Assert.True(VectorMath.Cosine(vectors[0], vectors[2]) < 0.3, "Unrelated texts should be far apart.");
        // No word in common, same meaning: a hashing embedder cannot see this, the model does.
        Assert.True(VectorMath.Cosine(vectors[0], vectors[3]) > VectorMath.Cosine(vectors[0], vectors[2]) + 0.2);
        Assert.Equal(MiniLmModel.Name, answer.GetProperty("model").GetString());
    }

    [Fact]
    public async Task TheModelNamedInTheAnswerIsTheOneThatRanWhateverTheClientAskedFor()
    {
        using var response = await fixture.Client.PostJsonAsync("/v1/embeddings", """{"input":"hello","model":"text-embedding-3-small"}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(MiniLmModel.Name, (await response.ReadJsonAsync()).GetProperty("model").GetString());
    }

    [Fact]
    public async Task UsageCountsTheWordPiecesTheModelReads()
    {
        // [CLS] how can i reset my password ? [SEP] = 9; "unaffordable" splits into several word-pieces.
        using var response = await fixture.Client.PostJsonAsync("/embeddings/batched", """{"input":["How can I reset my password?","unaffordable"]}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var usage = (await response.ReadJsonAsync()).GetProperty("usage");
        var expected = 9 + fixture.Encoder.CountTokens("unaffordable");
        Assert.True(fixture.Encoder.CountTokens("unaffordable") > 3, "A rare word should be more than one word-piece.");
        Assert.Equal(expected, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expected, usage.GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/batched")]
    public async Task EveryVectorHasUnitLengthAndDimensionsTruncateAndRenormalise(string route)
    {
        var native = (await fixture.EmbedAsync(route, new { input = "Vectors of unit length" }))[0];
        var shortened = (await fixture.EmbedAsync(route, new { input = "Vectors of unit length", dimensions = 64 }))[0];

        Assert.Equal(MiniLmModel.Dimensions, native.Length);
        Assert.Equal(64, shortened.Length);
        Assert.Equal(1.0, Math.Sqrt(native.Sum(x => (double)x * x)), precision: 4);
        Assert.Equal(1.0, Math.Sqrt(shortened.Sum(x => (double)x * x)), precision: 4);
        var expected = VectorMath.TruncateAndNormalize(native, 64);
        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(expected[i], shortened[i], 1e-6f));
    }

    [Theory]
    [InlineData("/embeddings/async")]
    [InlineData("/embeddings/batched")]
    public async Task ShortInputsGetUnitVectorsAtEverySize(string route)
    {
        string[] texts = ["x", "I", "!", "🙂", "x y"];
        var native = await fixture.EmbedAsync(route, new { input = texts });

        foreach (var dimensions in new[] { 1, 2, 3, 4, 7, 64, 383 })
        {
            var shortened = await fixture.EmbedAsync(route, new { input = texts, dimensions });
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(dimensions, shortened[i].Length);
                Assert.Equal(1.0, Math.Sqrt(shortened[i].Sum(x => (double)x * x)), precision: 5);
                var expected = VectorMath.TruncateAndNormalize(native[i], dimensions); // the model's own cut: Matryoshka-style
                Assert.All(Enumerable.Range(0, dimensions), j => Assert.Equal(expected[j], shortened[i][j], 1e-6f));
            }
        }
    }

    [Fact]
    public async Task ABatchGivesTheSameVectorsAsSingleCalls()
    {
        string[] texts = ["short", "A somewhat longer sentence, so the batch needs padding.", "Grüße aus Köln", "東京タワー", "the end"];

        var together = await fixture.EmbedAsync("/embeddings/async", new { input = texts });

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await fixture.EmbedAsync("/embeddings/async", new { input = texts[i] }))[0];
            Assert.All(Enumerable.Range(0, alone.Length), j => Assert.Equal(alone[j], together[i][j], 1e-5f));
        }
    }

    [Fact]
    public async Task AnInputOverTheWindowIsRefusedWithAProblemNamingItsLength()
    {
        var tooLong = string.Join(' ', Enumerable.Repeat("word", 300)); // 302 word-pieces with [CLS] and [SEP]

        using var response = await fixture.Client.PostJsonAsync("/embeddings/batched", JsonSerializer.Serialize(new { input = new[] { "fine", tooLong } }));

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("input[1]")[0].GetString();
        Assert.Contains("302 word-pieces", message, StringComparison.Ordinal);
        Assert.Contains("at most 256", message, StringComparison.Ordinal);
        Assert.Contains("\"truncate\": true", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/batched")]
    public async Task TruncationWhenAskedEmbedsTheFirstWindowOfTheInput(string route)
    {
        var head = string.Join(' ', Enumerable.Range(0, 254).Select(i => i % 2 == 0 ? "cat" : "dog")); // exactly 256 with [CLS] and [SEP]
        var tooLong = head + " " + string.Join(' ', Enumerable.Repeat("finance", 100));

        using var response = await fixture.Client.PostJsonAsync(route, JsonSerializer.Serialize(new { input = tooLong, truncate = true }));

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var answer = await response.ReadJsonAsync();
        Assert.Equal(256, answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        var truncated = LocalModelFixture.Vectors(answer)[0];
        var headOnly = (await fixture.EmbedAsync(route, new { input = head }))[0];
        Assert.True(VectorMath.Cosine(truncated, headOnly) > 0.9999, "Only the first 256 word-pieces should count.");
    }

    [Fact]
    public async Task TheOpenAiRouteRefusesAnOverLongInputInOpenAisErrorShape()
    {
        var tooLong = string.Join(' ', Enumerable.Repeat("word", 300));

        using var response = await fixture.Client.PostJsonAsync("/v1/embeddings", JsonSerializer.Serialize(new { input = tooLong }));

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("input[0]", error.GetProperty("param").GetString());
    }
}
