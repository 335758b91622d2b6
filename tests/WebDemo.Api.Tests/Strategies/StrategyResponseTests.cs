using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Batching;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Strategies;

/// <summary>Every strategy answers the same request with the same OpenAI-shaped body; only the headers tell them apart.</summary>
public sealed class StrategyResponseTests(ITestOutputHelper output)
{
    private const string Question = "How can I reset my password?";
    private const string Weather = "The weather is sunny today";

    public static TheoryData<string, string> Routes() => new()
    {
        { "/embeddings/blocking", "blocking" },
        { "/embeddings/offloaded", "offloaded" },
        { "/embeddings/sync-over-async", "sync-over-async" },
        { "/embeddings/async", "async" },
        { "/embeddings/batched", "batched" },
        { "/v1/embeddings", "async" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryStrategyAnswersInOpenAiShapeWithUnitVectors(string route, string strategy)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, $$"""{"input": ["{{Question}}", "{{Weather}}"], "model": "my-model"}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal("my-model", body.GetProperty("model").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        var embedder = new HashingEmbedder();
        string[] inputs = [Question, Weather];
        for (var i = 0; i < inputs.Length; i++)
        {
            var item = data[i];
            Assert.Equal("embedding", item.GetProperty("object").GetString());
            Assert.Equal(i, item.GetProperty("index").GetInt32());
            var vector = Floats(item.GetProperty("embedding"));
            Assert.Equal(HashingEmbedder.DefaultDimensions, vector.Length);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(value => (double)value * value)), 5);
            Assert.Equal(embedder.Embed(inputs[i]), vector); // the JSON numbers round-trip to the exact floats
        }
        var usage = body.GetProperty("usage");
        Assert.Equal(12, usage.GetProperty("prompt_tokens").GetInt32()); // how can i reset my password ? + 5 words
        Assert.Equal(12, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(strategy, Header(response, "x-strategy"));
    }

    [Theory]
    [InlineData(1)]      // ~50 bytes: arrives with the headers
    [InlineData(300)]    // ~10 KB: spans several of Kestrel's 4 KB buffers
    [InlineData(1_200)]  // ~40 KB: arrives in several reads
    public async Task BodiesOfEverySizeGiveOneVectorPerInput(int inputs)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var texts = Enumerable.Range(0, inputs).Select(i => $"{Question} {i}").ToArray();

        using var response = await client.PostJsonAsync("/embeddings/async?latencyMs=0", JsonSerializer.Serialize(new { input = texts }));

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        Assert.Equal(inputs, body.GetProperty("data").GetArrayLength());
        Assert.Equal(new HashingEmbedder().Embed(texts[^1]), Floats(body.GetProperty("data")[inputs - 1].GetProperty("embedding")));
        Assert.Equal(texts.Sum(text => HashingEmbedder.CountTokens(text)), body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryStrategyReportsThreadsAndTimingsInHeaders(string route, string strategy)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync($"{route}?latencyMs=20", """{"input": "hello world"}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(strategy, Header(response, "x-strategy"));
        Assert.True(int.Parse(Header(response, "x-thread-start"), CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(Header(response, "x-thread-end"), CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(Header(response, "x-threadpool-threads"), CultureInfo.InvariantCulture) > 0);
        var queue = Milliseconds(response, "x-queue-time");
        var inference = Milliseconds(response, "x-inference-time");
        var total = Milliseconds(response, "x-total-time");
        Assert.True(queue >= 0, $"x-queue-time {queue}");
        // Timers may fire a little early (their resolution is about a millisecond), so only half the wait is certain.
        Assert.True(inference >= 10, $"x-inference-time {inference} is far shorter than the 20 ms asked for");
        Assert.True(total >= inference, $"x-total-time {total} < x-inference-time {inference}");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Base64VectorsDecodeToTheSameFloatsAsJsonNumbers(string route, string strategy)
    {
        _ = strategy;
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var asFloats = await client.PostJsonAsync(route, """{"input": ["Grüße aus Köln", "naïve café"], "encoding_format": "float"}""");
        using var asBase64 = await client.PostJsonAsync(route, """{"input": ["Grüße aus Köln", "naïve café"], "encoding_format": "base64"}""");

        await asFloats.AssertStatusAsync(HttpStatusCode.OK);
        await asBase64.AssertStatusAsync(HttpStatusCode.OK);
        var floats = (await asFloats.ReadJsonAsync()).GetProperty("data");
        var base64 = (await asBase64.ReadJsonAsync()).GetProperty("data");
        for (var i = 0; i < 2; i++)
        {
            var encoded = base64[i].GetProperty("embedding");
            Assert.Equal(JsonValueKind.String, encoded.ValueKind);
            var decoded = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(encoded.GetString()!)).ToArray(); // little-endian float32
            Assert.Equal(Floats(floats[i].GetProperty("embedding")), decoded);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task DimensionsFoldTheFeaturesIntoThatManyBuckets(string route, string strategy)
    {
        _ = strategy;
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, $$"""{"input": "{{Question}} {{Weather}}", "dimensions": 64}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var vector = Floats((await response.ReadJsonAsync()).GetProperty("data")[0].GetProperty("embedding"));
        Assert.Equal(64, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(value => (double)value * value)), 5);
        Assert.Equal(new HashingEmbedder().Embed($"{Question} {Weather}", 64), vector);
    }

    [Fact]
    public async Task TheModelNameDefaultsToTheConfiguredOne()
    {
        await using var factory = new ApiFactory(output, new Dictionary<string, string?> { ["Embeddings:Model"] = "configured-model" });
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/embeddings/async", """{"input": "hello world"}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("configured-model", (await response.ReadJsonAsync()).GetProperty("model").GetString());
    }

    [Fact]
    public async Task TheBatchedStrategyCoalescesConcurrentRequestsIntoFewerBackendCalls()
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var batcher = factory.GetRequiredService<EmbeddingBatcher>();
        var limiter = factory.GetRequiredService<InFlightLimiter>();

        // The first request keeps the worker busy for a second; the others queue meanwhile and share the next call.
        var first = client.PostJsonAsync("/embeddings/batched?latencyMs=1000", """{"input": "first"}""");
        await Timeouts.UntilAsync(() => limiter.InFlight == 1 && batcher.QueueDepth == 0, "the first request reaches the worker");
        var rest = Enumerable.Range(0, 8).Select(i => client.PostJsonAsync("/embeddings/batched", $$"""{"input": "request {{i}}"}""")).ToArray();

        var responses = await Task.WhenAll(rest.Prepend(first)).WaitAsync(Timeouts.Request);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.True(batcher.Batches < responses.Length, $"{batcher.Batches} backend calls for {responses.Length} requests");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ConcurrentAnswersEachCarryExactlyTheirOwnVectors(string route, string strategy)
    {
        // Requests overlap in every strategy (the batched one even shares one backend call between them), and the
        // answer is written from per-thread buffers: a mix-up anywhere would show as one request answered with another
        // request's numbers.
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var embedder = new HashingEmbedder();
        const int Requests = 48;
        // Eight in flight at a time: enough to overlap, and few enough that the blocking strategies, which hold a pool
        // thread of this (shared) test process per request, do not starve the tests running beside this one.
        using var inFlight = new SemaphoreSlim(8);

        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            await inFlight.WaitAsync();
            try
            {
                return await PostAsync(i);
            }
            finally
            {
                inFlight.Release();
            }
        })).WaitAsync(Timeouts.Request);

        async Task<(string[] texts, int dimensions, float[][] vectors)> PostAsync(int i)
        {
            // Different texts, input counts and sizes, so that answers of several lengths are built side by side.
            string[] texts = [.. Enumerable.Range(0, 1 + (i % 3)).Select(j => $"request {i} input {j} {new string('x', i % 7)}")];
            var dimensions = i % 2 == 0 ? 384 : 32 + i;
            using var response = await client.PostJsonAsync($"{route}?latencyMs={i % 5}",
                JsonSerializer.Serialize(new { input = texts, dimensions }));
            await response.AssertStatusAsync(HttpStatusCode.OK);
            var data = (await response.ReadJsonAsync()).GetProperty("data");
            return (texts, dimensions, data.EnumerateArray().Select(item => Floats(item.GetProperty("embedding"))).ToArray());
        }

        foreach (var (texts, dimensions, vectors) in answers)
        {
            Assert.Equal(texts.Length, vectors.Length);
            for (var j = 0; j < texts.Length; j++)
            {
                // Every path computes the vector at the size asked for, so the bits are the same; another text's
                // vector differs everywhere.
                Assert.Equal(embedder.Embed(texts[j], dimensions), vectors[j]);
            }
        }
        output.WriteLine($"{strategy}: {Requests} overlapping requests, every vector its own");
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(number => number.GetSingle())];

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"No {name} header.");

    private static double Milliseconds(HttpResponseMessage response, string name) =>
        double.Parse(Header(response, name), NumberStyles.Float, CultureInfo.InvariantCulture);
}
