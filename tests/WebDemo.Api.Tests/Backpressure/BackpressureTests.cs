using System.Diagnostics;
using System.Net;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Backpressure;

/// <summary>Beyond the in-flight input limit the API refuses at once (429 + Retry-After) instead of queueing without bound.</summary>
public sealed class BackpressureTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> LimitOfTwo = new() { ["Embeddings:MaxInFlightInputs"] = "2" };

    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/offloaded")]
    [InlineData("/embeddings/sync-over-async")]
    [InlineData("/embeddings/async")]
    [InlineData("/embeddings/batched")]
    public async Task RequestsBeyondTheLimitGet429AtOnceWithRetryAfter(string route)
    {
        await using var factory = new ApiFactory(output, LimitOfTwo);
        using var client = factory.CreateClient();
        var limiter = factory.GetRequiredService<InFlightLimiter>();
        using var slow = new CancellationTokenSource();
        var inFlight = new[]
        {
            client.PostJsonAsync("/embeddings/async?latencyMs=30000", """{"input": "slow one"}""", slow.Token),
            client.PostJsonAsync("/embeddings/async?latencyMs=30000", """{"input": "slow two"}""", slow.Token),
        };
        await Timeouts.UntilAsync(() => limiter.InFlight == 2, "two slow inputs are in flight");

        var stopwatch = Stopwatch.StartNew();
        using var refused = await client.PostJsonAsync(route, """{"input": "one too many"}""");

        // "At once": far less than the 30 s the slow requests would take (a generous bound, not a latency target).
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the refusal took {stopwatch.Elapsed}");
        await refused.AssertStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The refusal still says which strategy refused it.
        Assert.Equal(route.Split('/')[^1], Assert.Single(refused.Headers.GetValues("x-strategy")));
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("Model is overloaded", problem.GetProperty("title").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("the limit is 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await slow.CancelAsync();
        foreach (var request in inFlight)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }
        await Timeouts.UntilAsync(() => limiter.InFlight == 0, "the cancelled requests give their capacity back");
        using var admitted = await client.PostJsonAsync(route, """{"input": "room again"}""");
        await admitted.AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheOpenAiRouteAnswersOverloadAsARateLimitError()
    {
        await using var factory = new ApiFactory(output, LimitOfTwo);
        using var client = factory.CreateClient();
        var limiter = factory.GetRequiredService<InFlightLimiter>();
        using var slow = new CancellationTokenSource();
        var inFlight = client.PostJsonAsync("/v1/embeddings?latencyMs=30000", """{"input": ["slow one", "slow two"]}""", slow.Token);
        await Timeouts.UntilAsync(() => limiter.InFlight == 2, "two slow inputs are in flight");

        using var refused = await client.PostJsonAsync("/v1/embeddings", """{"input": "one too many"}""");

        await refused.AssertStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("model_overloaded", error.GetProperty("code").GetString());
        Assert.Contains("the limit is 2", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await slow.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);
    }

    [Fact]
    public async Task ARequestLargerThanTheWholeBudgetRunsWhenTheServerIsIdle()
    {
        await using var factory = new ApiFactory(output, LimitOfTwo);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/embeddings/async", """{"input": ["one", "two", "three", "four"]}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(0, factory.GetRequiredService<InFlightLimiter>().InFlight);
    }
}
