using System.Net;
using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.LocalModel;

/// <summary>Every strategy on the local model, under concurrency: each request gets exactly its own texts' vectors.</summary>
[Collection(SharedLocalModel.Name)]
public sealed class LocalStrategyTests(LocalModelFixture fixture)
{
    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/offloaded")]
    [InlineData("/embeddings/sync-over-async")]
    [InlineData("/embeddings/async")]
    [InlineData("/embeddings/batched")]
    [InlineData("/v1/embeddings")]
    public async Task ConcurrentRequestsGetExactlyTheirOwnTextsVectors(string route)
    {
        // Distinct texts of different lengths and counts, so a mix-up in a batch (wrong slice, wrong order) shows.
        var requests = Enumerable.Range(0, 16)
            .Select(i => Enumerable.Range(0, 1 + (i % 3)).Select(j => $"Request {i} item {j}: {new string('x', i * 3)} about topic {i * 7 + j}").ToArray())
            .ToList();

        var answers = await Task.WhenAll(requests.Select(texts => fixture.EmbedAsync(route, new { input = texts })));

        for (var i = 0; i < requests.Count; i++)
        {
            var expected = fixture.Encoder.Encode(requests[i]);
            Assert.Equal(requests[i].Length, answers[i].Length);
            for (var j = 0; j < requests[i].Length; j++)
            {
                var own = expected.AsSpan(j * 384, 384).ToArray();
                Assert.All(Enumerable.Range(0, 384), k => Assert.Equal(own[k], answers[i][j][k], 1e-5f));
            }
        }
    }

    [Fact]
    public async Task TheBackendStatusNamesTheModelItsWorkersAndTheProcessCpu()
    {
        await fixture.EmbedAsync("/embeddings/batched", new { input = "count me" });

        using var response = await fixture.Client.GetAsync("/diagnostics/backend").WaitAsync(Timeouts.Request);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var status = await response.ReadJsonAsync();
        Assert.Equal("Local", status.GetProperty("backend").GetString());
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", status.GetProperty("model").GetString());
        Assert.Equal(2, status.GetProperty("workers").GetInt32());
        Assert.True(status.GetProperty("batches").GetInt64() >= 1);
        Assert.InRange(status.GetProperty("cpuPercent").GetDouble(), 0, 100.5);
        Assert.True(status.GetProperty("workingSetBytes").GetInt64() > 100_000_000, "The model's weights are in memory.");
    }
}

/// <summary>A full inference queue answers 429 at once (fail fast) instead of letting latency grow without bound.</summary>
public sealed class InferenceQueueTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AFullQueueRefusesWith429AndRetryAfterWhileAcceptedRequestsComplete()
    {
        await using var factory = new ApiFactory(output, new Dictionary<string, string?>
        {
            ["Backend:Kind"] = "Local",
            ["Backend:Local:Workers"] = "1",
            ["Backend:Local:MaxBatchInputs"] = "1",
            ["Backend:Local:QueueCapacity"] = "1",
        });
        using var client = factory.CreateClient();
        var longText = string.Join(' ', Enumerable.Repeat("slow", 250)); // tens of ms of one core per request

        var responses = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(_ => client.PostJsonAsync("/embeddings/batched", JsonSerializer.Serialize(new { input = longText }))));

        var refused = responses.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        output.WriteLine($"{refused.Count} of {responses.Length} refused");
        Assert.NotEmpty(refused);
        Assert.All(responses, response => Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Contains(responses, response => response.StatusCode == HttpStatusCode.OK);
        var problem = await refused[0].ReadJsonAsync();
        Assert.Equal("Model is overloaded", problem.GetProperty("title").GetString());
        Assert.Contains("requests are already waiting for the model", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", refused[0].Headers.RetryAfter?.ToString());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
