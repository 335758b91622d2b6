using System.Text.Json;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>
/// The API captures its own stacks under real load in a real process (64 concurrent requests, 1 s backend calls, as in
/// <see cref="StarvationTests"/>) and names the code that holds the pool threads, strategy by strategy.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class StackCaptureTests(ITestOutputHelper output)
{
    private const int Concurrency = 64;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CaptureTimeout = TimeSpan.FromSeconds(45); // polls wait for a thread too: past the load, they are answered at once

    [Fact]
    public async Task BlockingLoadIsCapturedAutomaticallyWhileStarvedAndNamesTheBlockingCode()
    {
        await using var app = await StackCaptureApp.StartAsync(output);

        var capture = await CaptureUnderLoadAsync(app, "blocking", IsAutomaticWithApplicationCode);

        // Taken while the pool was fully starved: work items were waiting, the delay past the (default) threshold.
        Assert.True(capture.GetProperty("schedulingDelayMs").GetDouble() >= 500, $"delay {capture.GetProperty("schedulingDelayMs")}");
        Assert.True(capture.GetProperty("queuedWorkItems").GetInt64() > 0, "no work item was queued: the pool was not starved");
        var top = capture.GetProperty("chains")[0];
        var name = top.GetProperty("name").GetString()!;
        Assert.Contains("BlockingStrategy.Handle", name, StringComparison.Ordinal);
        Assert.Contains("Thread.Sleep", name, StringComparison.Ordinal);
        var blockedRequests = capture.GetProperty("inFlightRequests").GetProperty("blocking").GetInt32();
        Assert.True(top.GetProperty("threads").GetInt32() * 2 >= blockedRequests,
            $"{top.GetProperty("threads")} threads in the top chain for {blockedRequests} blocked requests");

        // Shown where people look: a warning naming the chain, and the capture counted in /metrics.
        Assert.Contains(app.Process.Output, line => line.Contains("WRN", StringComparison.Ordinal)
            && line.Contains("Stack capture", StringComparison.Ordinal) && line.Contains("BlockingStrategy.Handle", StringComparison.Ordinal));
        var metrics = await app.Client.GetStringAsync("/metrics").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Matches(@"webdemo_stack_capture_captures_total\{[^}]*trigger=""automatic""[^}]*\} [1-9]", metrics);
    }

    [Fact]
    public async Task SyncOverAsyncLoadIsAttributedToItsGetResultWaitChain()
    {
        await using var app = await StackCaptureApp.StartAsync(output);

        var capture = await CaptureUnderLoadAsync(app, "sync-over-async", IsAutomaticWithApplicationCode);

        var name = capture.GetProperty("chains")[0].GetProperty("name").GetString()!;
        Assert.Contains("SyncOverAsyncStrategy.Handle", name, StringComparison.Ordinal);
        Assert.Matches(@"GetResult|Wait", name);
        Assert.DoesNotContain("BlockingStrategy", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffloadedLoadIsAttributedToTheTaskRunWorkItem()
    {
        await using var app = await StackCaptureApp.StartAsync(output);

        var capture = await CaptureUnderLoadAsync(app, "offloaded", IsAutomaticWithApplicationCode);

        var name = capture.GetProperty("chains")[0].GetProperty("name").GetString()!;
        Assert.Contains("OffloadedStrategy.Handle lambda", name, StringComparison.Ordinal);
        Assert.Contains("Thread.Sleep", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncLoadHoldsNoPoolThreadInApplicationCode()
    {
        await using var app = await StackCaptureApp.StartAsync(output);
        var load = ConcurrentLoad.RunAsync(app.Process.BaseAddress, "/embeddings/async?latencyMs=1000", Concurrency, TimeSpan.FromSeconds(8));
        await WaitForInFlightAsync(app, "async", Concurrency / 2);

        using var response = await app.Client.GetAsync("/diagnostics/stacks").WaitAsync(TimeSpan.FromSeconds(60));
        var onDemand = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        await load;

        output.WriteLine(onDemand.ToString());
        Assert.True(response.IsSuccessStatusCode, $"GET /diagnostics/stacks answered {response.StatusCode}");
        Assert.Equal("on-demand", onDemand.GetProperty("trigger").GetString());
        Assert.True(onDemand.GetProperty("inFlightRequests").GetProperty("async").GetInt32() >= Concurrency / 2);
        Assert.All(onDemand.GetProperty("chains").EnumerateArray(), chain => Assert.False(chain.GetProperty("applicationCode").GetBoolean(),
            $"a pool thread was held in application code: {chain.GetProperty("name")}"));
        var captures = (await app.RecentAsync()).GetProperty("captures").EnumerateArray();
        Assert.DoesNotContain(captures, IsAutomaticWithApplicationCode);
    }

    private async Task<JsonElement> CaptureUnderLoadAsync(StackCaptureApp app, string strategy, Func<JsonElement, bool> match)
    {
        var load = ConcurrentLoad.RunAsync(app.Process.BaseAddress, $"/embeddings/{strategy}?latencyMs=1000", Concurrency, LoadDuration);
        var capture = await app.WaitForCaptureAsync(match, CaptureTimeout);
        await load;
        output.WriteLine(capture.ToString());
        return capture;
    }

    private static bool IsAutomaticWithApplicationCode(JsonElement capture) =>
        capture.GetProperty("trigger").GetString() == "automatic"
        && capture.GetProperty("topChains").EnumerateArray().Any(chain => chain.GetProperty("applicationCode").GetBoolean());

    private static Task WaitForInFlightAsync(StackCaptureApp app, string strategy, int atLeast) =>
        Eventually.HoldsAsync(
            async () => (await ThreadPoolPoller.GetAsync(app.Client)).GetProperty("strategies").GetProperty(strategy).GetProperty("inFlight").GetInt32() >= atLeast,
            TimeSpan.FromSeconds(30), $"at least {atLeast} {strategy} requests were in flight", TimeSpan.FromMilliseconds(100));
}
