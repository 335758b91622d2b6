using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// The demo's central claim, against real processes with their own thread pools: blocking handlers starve the pool,
/// so even a trivial health check waits behind them; async handlers hold no thread while they wait, so it does not.
/// </summary>
public sealed class ThreadPoolStarvationTests(ITestOutputHelper output)
{
    private const int ConcurrentRequests = 64;
    private const int BackendLatencyMs = 200;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(25);

    [Fact]
    public async Task HealthChecksWaitAtLeastFiveTimesLongerBehindBlockingRequestsThanBehindAsyncOnes()
    {
        // A fresh process for each strategy: the pool that grew under blocking load must not help the async run.
        var blocking = await MeasureHealthLatencyUnderLoadAsync("blocking");
        var async = await MeasureHealthLatencyUnderLoadAsync("async");

        var ratio = blocking.Median / Math.Max(async.Median, 0.001);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median /health/live latency: blocking {blocking.Median:0.0} ms, async {async.Median:0.00} ms, ratio {ratio:0.0}x (required: >= 5x)"));
        Assert.True(ratio >= 5,
            $"Under blocking load the median health latency was {blocking.Median:0.0} ms, under async load {async.Median:0.00} ms: " +
            $"only {ratio:0.0}x, expected at least 5x.");
    }

    private async Task<HealthLatency> MeasureHealthLatencyUnderLoadAsync(string strategy)
    {
        await using var api = await Apps.StartApiAsync(output);
        using var load = api.CreateClient(Apps.Timeout);
        using var probe = api.CreateClient(Apps.Timeout);

        // JIT and first-connection costs are paid before measuring, so they are not mistaken for starvation.
        using (var warmUp = await load.PostAsync($"/embeddings/{strategy}?latencyMs=0", Embeddings.Body("warm up")).WaitAsync(Apps.Timeout))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }
        await TimeHealthCheckAsync(probe);

        var elapsed = Stopwatch.StartNew();
        var requests = Enumerable.Range(0, ConcurrentRequests)
            .Select(i => PostAsync(load, $"/embeddings/{strategy}?latencyMs={BackendLatencyMs}", $"request number {i}"))
            .ToArray();
        var allDone = Task.WhenAll(requests);

        // Open-model probing: a health check starts every interval whether or not the previous one has answered, so a
        // probe stuck behind the load does not stop the others from being counted (no coordinated omission).
        var probes = new List<Task<double>>();
        do
        {
            probes.Add(TimeHealthCheckAsync(probe));
            await Task.WhenAny(allDone, Task.Delay(ProbeInterval)).WaitAsync(Apps.Timeout);
        }
        while (!allDone.IsCompleted);

        var statuses = await allDone.WaitAsync(Apps.Timeout);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        var samples = (await Task.WhenAll(probes).WaitAsync(Apps.Timeout)).Order().ToList();
        var result = new HealthLatency(samples[samples.Count / 2], samples[^1], samples.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{strategy}: {ConcurrentRequests} requests x {BackendLatencyMs} ms took {elapsed.Elapsed.TotalMilliseconds:0} ms; " +
            $"{result.Samples} health checks, median {result.Median:0.00} ms, max {result.Max:0.00} ms"));
        return result;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string path, string input)
    {
        using var response = await client.PostAsync(path, Embeddings.Body(input)).WaitAsync(Apps.Timeout);
        return response.StatusCode;
    }

    private static async Task<double> TimeHealthCheckAsync(HttpClient client)
    {
        var startedAt = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync("/health/live").WaitAsync(Apps.Timeout);
        var elapsed = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return elapsed;
    }

    private sealed record HealthLatency(double Median, double Max, int Samples);
}
