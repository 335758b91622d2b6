using System.Globalization;
using System.Net;
using System.Text.Json;
using WebDemo.Embedding;

namespace WebDemo.EndToEnd.Tests;

/// <summary>The API with <c>Backend:Kind=Http</c> in front of a real WebDemo.Upstream process.</summary>
public sealed class HttpBackendWithRealUpstreamTests(ITestOutputHelper output)
{
    private const int UpstreamLatencyMs = 50;
    private static readonly string[] Inputs = ["How can I reset my password?", "The weather is sunny today"];

    [Fact]
    public async Task EveryStrategyReturnsTheEmbeddersVectorsFetchedFromTheUpstream()
    {
        await using var upstream = await Apps.StartUpstreamAsync(output, new Dictionary<string, string>
        {
            ["Upstream__BaseLatencyMs"] = UpstreamLatencyMs.ToString(CultureInfo.InvariantCulture),
            ["Upstream__PerInputLatencyMs"] = "0",
        });
        await using var api = await Apps.StartApiInFrontOfAsync(upstream, output);
        using var client = api.CreateClient(Apps.Timeout);
        // The simulated backend computes with this same embedder, so "correct" means bit-identical to it.
        var embedder = new HashingEmbedder();
        float[][] expected = [.. Inputs.Select(input => embedder.Embed(input))];

        foreach (var route in Embeddings.StrategyRoutes.Append("/v1/embeddings"))
        {
            using var response = await client.PostAsync(route, Embeddings.Body(Inputs)).WaitAsync(Apps.Timeout);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            using var body = await Embeddings.ReadJsonAsync(response);
            var vectors = Embeddings.VectorsOf(body);
            Assert.Equal(expected.Length, vectors.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], vectors[i]);
            }
            var inference = double.Parse(Embeddings.Header(response, "x-inference-time"), CultureInfo.InvariantCulture);
            Assert.True(inference >= UpstreamLatencyMs * 0.9, $"{route}: x-inference-time {inference} ms is shorter than the upstream's {UpstreamLatencyMs} ms wait.");
            output.WriteLine($"{route}: x-strategy {Embeddings.Header(response, "x-strategy")}, threads " +
                $"{Embeddings.Header(response, "x-thread-start")}->{Embeddings.Header(response, "x-thread-end")}, x-inference-time {inference} ms");
        }
    }

    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/sync-over-async")]
    public async Task SynchronousStrategiesHoldTheirThreadForTheWholeUpstreamCall(string route)
    {
        await using var upstream = await Apps.StartUpstreamAsync(output, new Dictionary<string, string>
        {
            ["Upstream__BaseLatencyMs"] = UpstreamLatencyMs.ToString(CultureInfo.InvariantCulture),
        });
        await using var api = await Apps.StartApiInFrontOfAsync(upstream, output);
        using var client = api.CreateClient(Apps.Timeout);

        using var response = await client.PostAsync(route, Embeddings.Body("hold the thread")).WaitAsync(Apps.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // One thread from start to end, and the upstream's wait in between: the thread sat in a blocking socket read.
        Assert.Equal(Embeddings.Header(response, "x-thread-start"), Embeddings.Header(response, "x-thread-end"));
        Assert.True(double.Parse(Embeddings.Header(response, "x-inference-time"), CultureInfo.InvariantCulture) >= UpstreamLatencyMs * 0.9);
    }

    [Fact]
    public async Task AStoppedUpstreamIsA502ProblemOnEveryKindOfStrategy()
    {
        var upstream = await Apps.StartUpstreamAsync(output);
        await using var api = await Apps.StartApiInFrontOfAsync(upstream, output);
        await upstream.DisposeAsync(); // SIGTERM, and wait until it has exited
        using var client = api.CreateClient(Apps.Timeout);

        foreach (var route in new[] { "/embeddings/blocking", "/embeddings/async" })
        {
            using var response = await client.PostAsync(route, Embeddings.Body("nobody is there")).WaitAsync(Apps.Timeout);
            using var problem = await ReadProblemAsync(response, HttpStatusCode.BadGateway);
            Assert.Equal("The upstream failed", problem.RootElement.GetProperty("title").GetString());
            Assert.Contains("could not be reached", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var openAi = await client.PostAsync("/v1/embeddings", Embeddings.Body("nobody is there")).WaitAsync(Apps.Timeout);
        Assert.Equal(HttpStatusCode.BadGateway, openAi.StatusCode);
        using var error = await Embeddings.ReadJsonAsync(openAi);
        Assert.Equal("upstream_error", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUpstreamSlowerThanTheTimeoutIsA504Problem()
    {
        await using var upstream = await Apps.StartUpstreamAsync(output);
        await using var api = await Apps.StartApiInFrontOfAsync(upstream, output, new Dictionary<string, string>
        {
            ["Backend__Http__TimeoutSeconds"] = "1",
        });
        using var client = api.CreateClient(Apps.Timeout);

        foreach (var route in new[] { "/embeddings/blocking", "/embeddings/async" })
        {
            // ?latencyMs= is passed on to WebDemo.Upstream, which then waits 5 s: longer than the API's 1 s timeout.
            using var response = await client.PostAsync($"{route}?latencyMs=5000", Embeddings.Body("too slow")).WaitAsync(Apps.Timeout);
            using var problem = await ReadProblemAsync(response, HttpStatusCode.GatewayTimeout);
            Assert.Equal("The upstream timed out", problem.RootElement.GetProperty("title").GetString());
            Assert.Contains("did not answer within 1 s", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static async Task<JsonDocument> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Apps.Timeout);
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", Embeddings.ContentType(response)?.MediaType);
        var problem = JsonDocument.Parse(text);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        return problem;
    }
}
