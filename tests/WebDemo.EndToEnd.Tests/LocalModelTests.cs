using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using OpenAI;
using OpenAI.Embeddings;
using WebDemo.Embedding;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>The real model (all-MiniLM-L6-v2) in real processes: the API's Local backend and the upstream's Compute=Local.</summary>
public sealed class LocalModelTests(ITestOutputHelper output)
{
    private const string ModelName = "sentence-transformers/all-MiniLM-L6-v2";
    private static readonly Dictionary<string, string> LocalApi = new() { ["Backend__Kind"] = "Local" };
    private static readonly Dictionary<string, string> LocalUpstream = new() { ["Upstream__Compute"] = "Local" };
    private static readonly string[] Texts = ["How can I reset my password?", "The weather is sunny today", "Grüße aus Köln — naïve café"];

    [Fact]
    public async Task TheOpenAiSdkGetsRealVectorsFromTheLocalModel()
    {
        await using var api = await Apps.StartApiAsync(output, LocalApi);
        var client = new EmbeddingClient("any-model", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(api.BaseAddress, "/v1") });

        var answer = await client.GenerateEmbeddingsAsync(["How can I reset my password?", "How do I reset my password", "The weather is sunny today"])
            .WaitAsync(Apps.Timeout);

        Assert.Equal(ModelName, answer.Value.Model);
        var vectors = answer.Value.Select(embedding => embedding.ToFloats()).ToList();
        Assert.All(vectors, vector => Assert.Equal(384, vector.Length));
        Assert.True(VectorMath.Cosine(vectors[0].Span, vectors[1].Span) > 0.8, "Paraphrases should be close.");
        Assert.True(VectorMath.Cosine(vectors[0].Span, vectors[2].Span) < 0.3, "Unrelated texts should be far apart.");
        Assert.Equal(9 + 8 + 7, answer.Value.Usage.InputTokenCount); // word-pieces with [CLS] and [SEP]
    }

    [Fact]
    public async Task TwoProcessesComputeBitIdenticalVectorsAndTheHttpBackendFetchesThemFromTheUpstream()
    {
        await using var upstream = await Apps.StartUpstreamAsync(output, LocalUpstream);
        await using var local = await Apps.StartApiAsync(output, LocalApi);
        await using var remote = await Apps.StartApiInFrontOfAsync(upstream, output);

        foreach (var text in Texts)
        {
            var fromUpstream = await EmbedAsync(upstream, "/v1/embeddings", text);
            var fromLocal = await EmbedAsync(local, "/embeddings/async", text);
            var throughHttp = await EmbedAsync(remote, "/embeddings/async", text);
            Assert.Equal(fromUpstream.Bits, fromLocal.Bits);
            Assert.Equal(fromUpstream.Bits, throughHttp.Bits);
            Assert.Equal(ModelName, fromUpstream.Model);
            Assert.Equal(ModelName, throughHttp.Model);
        }
    }

    [Fact]
    public async Task SigTermWithInferenceQueuedLosesNoAcceptedRequest()
    {
        await using var api = await Apps.StartApiAsync(output, new Dictionary<string, string>(LocalApi)
        {
            ["Backend__Local__Workers"] = "1",
            ["Backend__Local__MaxBatchInputs"] = "1", // one request per model call, so a queue builds up
        });
        using var client = api.CreateClient(Apps.Timeout);
        var longText = string.Join(' ', Enumerable.Repeat("slow", 200));
        var requests = Enumerable.Range(0, 30)
            .Select(i => client.PostAsJsonAsync("/embeddings/batched", new { input = $"{i} {longText}" }))
            .ToList();
        await WaitForQueueAsync(client, atLeast: 5);

        api.SendSigTerm();
        var responses = await Task.WhenAll(requests).WaitAsync(Apps.Timeout);

        output.WriteLine($"{responses.Count(response => response.StatusCode == HttpStatusCode.OK)} of {responses.Length} answered 200 after SIGTERM");
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(0, await api.WaitForExitAsync(Apps.Timeout));
        Assert.Contains(api.Output, line => line.Contains("Inference workers stopped after finishing", StringComparison.Ordinal));
    }

    private static Task WaitForQueueAsync(HttpClient client, int atLeast) =>
        Eventually.HoldsAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/diagnostics/backend")).GetProperty("queueDepth").GetInt32() >= atLeast,
            Apps.Timeout, $"at least {atLeast} requests were queued for the inference workers", TimeSpan.FromMilliseconds(10));

    private static async Task<(int[] Bits, string? Model)> EmbedAsync(AppProcess app, string route, string text)
    {
        using var client = app.CreateClient(Apps.Timeout);
        using var response = await client.PostAsJsonAsync(route, new { input = text, encoding_format = "base64" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var bytes = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        return (MemoryMarshal.Cast<byte, int>(bytes).ToArray(), body.GetProperty("model").GetString());
    }
}
