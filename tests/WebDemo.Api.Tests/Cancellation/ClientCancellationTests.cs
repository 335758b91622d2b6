using System.Diagnostics;
using System.Net;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Batching;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Cancellation;

/// <summary>
/// A client that gives up: the async paths stop waiting at once (TestServer turns the client's cancellation into
/// HttpContext.RequestAborted, as Kestrel does for a closed connection); the blocking paths cannot.
/// </summary>
public sealed class ClientCancellationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/embeddings/async", "async")]
    [InlineData("/v1/embeddings", "async")]
    [InlineData("/embeddings/batched", "batched")]
    public async Task AnAsyncWaitStopsAsSoonAsTheClientCancels(string route, string strategy)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var limiter = factory.GetRequiredService<InFlightLimiter>();
        var disconnects = factory.GetRequiredService<ClientDisconnects>();
        using var cancellation = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();
        var request = client.PostJsonAsync($"{route}?latencyMs=10000", """{"input": "I will not wait"}""", cancellation.Token);
        await Timeouts.UntilAsync(() => limiter.InFlight == 1, "the request is waiting");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await Timeouts.UntilAsync(() => disconnects.CountFor(strategy) == 1, $"the server counts the {strategy} disconnect");
        await Timeouts.UntilAsync(() => limiter.InFlight == 0, "the request's capacity is released");
        // Well before the 10 s backend wait would have ended (generous: this is about "stopped", not about speed).
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(7), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AQueuedBatchedRequestWhoseClientCancelsIsDroppedAndNeverComputed()
    {
        await using var factory = new ApiFactory(output, testServices: RecordingBackend.Register);
        using var client = factory.CreateClient();
        var backend = factory.GetRequiredService<RecordingBackend>();
        var batcher = factory.GetRequiredService<EmbeddingBatcher>();
        var disconnects = factory.GetRequiredService<ClientDisconnects>();

        // A long batch occupies the single worker...
        var busy = client.PostJsonAsync("/embeddings/batched?latencyMs=5000", """{"input": "long batch"}""");
        await backend.FirstCallStarted.WaitAsync(Timeouts.Condition);
        // ...so the next request waits in the queue, and its client gives up there.
        using var cancellation = new CancellationTokenSource();
        var queued = client.PostJsonAsync("/embeddings/batched", """{"input": "never computed"}""", cancellation.Token);
        await Timeouts.UntilAsync(() => batcher.QueueDepth == 1, "the second request is queued");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await Timeouts.UntilAsync(() => disconnects.CountFor("batched") == 1, "the queued request's wait ends at once");
        Assert.False(busy.IsCompleted, "the cancelled request returned before the running batch finished");

        using var busyResponse = await busy;
        await busyResponse.AssertStatusAsync(HttpStatusCode.OK);
        await Timeouts.UntilAsync(() => batcher.Dropped == 1, "the worker drops the cancelled request");
        Assert.Equal(1, batcher.Batches);
        Assert.Equal(["long batch"], backend.Inputs);
    }

    [Theory]
    [InlineData("/embeddings/blocking", "blocking")]
    [InlineData("/embeddings/sync-over-async", "sync-over-async")]
    public async Task ABlockingCallRunsToTheEndEvenWhenItsClientCancels(string route, string strategy)
    {
        await using var factory = new ApiFactory(output, testServices: RecordingBackend.Register);
        using var client = factory.CreateClient();
        var backend = factory.GetRequiredService<RecordingBackend>();
        var limiter = factory.GetRequiredService<InFlightLimiter>();
        backend.HoldCalls(); // the call is certainly still running when the client cancels, however slow this machine is
        using var cancellation = new CancellationTokenSource();
        var request = client.PostJsonAsync($"{route}?latencyMs=50", """{"input": "nobody listens"}""", cancellation.Token);
        await backend.FirstCallStarted.WaitAsync(Timeouts.Condition);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Equal(1, limiter.InFlight); // the client is gone, the blocked thread is not
        backend.Release();
        // The thread stays blocked until the backend call returns; only then is the capacity released.
        await Timeouts.UntilAsync(() => limiter.InFlight == 0, "the blocked call finishes");
        Assert.Equal(1, backend.CompletedCalls);
        Assert.Equal(0, factory.GetRequiredService<ClientDisconnects>().CountFor(strategy));
    }
}
