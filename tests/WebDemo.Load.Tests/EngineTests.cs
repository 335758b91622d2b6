using WebDemo.Load.Engine;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Tests;

/// <summary>The engine against a Kestrel server inside the test whose latency is known. Expectations are generous ranges.</summary>
public sealed class EngineTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ClosedModelAgainstAFixed50MsEndpointReportsP50Between50And70Ms()
    {
        await using var target = await TestTarget.StartAsync();

        var result = await RunAsync(target, "/fixed/50", "keep-constant(10, 3s)", warmUp: TimeSpan.FromMilliseconds(500));

        Assert.InRange(result.Latency.Histogram().ValueAtPercentile(50) / 1000, 50, 70);
        Assert.Equal(0, result.Requests.Failed);
        Assert.InRange(result.OkRps, 50, 200); // 10 users ÷ 50 ms = 200 req/s at most
        Assert.Equal("closed", result.Model);
        Assert.True(result.Bystander.Requests > 0, "the bystander probe ran");
        Assert.True(result.TimeSeries.Count >= 3);
    }

    [Fact]
    public async Task OpenModelStartsEveryScheduledRequestAndReportsP50Between50And70Ms()
    {
        await using var target = await TestTarget.StartAsync();

        var result = await RunAsync(target, "/fixed/50", "inject(40, 1s, 3s)");

        Assert.Equal(120, result.Requests.Ok + result.Requests.Failed + result.Requests.Dropped);
        Assert.Equal(0, result.Requests.Failed);
        Assert.InRange(result.Latency.Histogram().ValueAtPercentile(50) / 1000, 50, 70);
        Assert.Equal("open", result.Model);
    }

    [Fact]
    public async Task VirtualUsersCarryOverFromWarmUpAndRampsSoNRequestsAreNeverExceeded()
    {
        await using var target = await TestTarget.StartAsync();

        var result = await RunAsync(target, "/counted/200", "ramping-constant(8, 1s) keep-constant(8, 1s) ramping-constant(2, 1s)",
            warmUp: TimeSpan.FromSeconds(1.5));

        Assert.InRange(target.MaxInFlight, 1, 8);
        Assert.True(result.Requests.Ok > 0);
        Assert.Equal(0, result.Requests.Failed);
    }

    [Fact]
    public async Task InjectionsBeyondTheOutstandingCapAreCountedAsDroppedNotLost()
    {
        await using var target = await TestTarget.StartAsync();

        var result = await RunAsync(target, "/fixed/1000", "inject(50, 1s, 2s)", maxOutstanding: 5);

        Assert.True(result.Requests.Dropped > 50, $"dropped {result.Requests.Dropped}");
        Assert.Equal(100, result.Requests.Ok + result.Requests.Failed + result.Requests.Dropped);
    }

    [Fact]
    public async Task AOneSecondFreezeShowsInTheOpenModelsP99ButNotInAClosedModelsP99()
    {
        await using var target = await TestTarget.StartAsync();

        // Open model, 100 req/s for 5 s: the ~100 requests due during the freeze all wait for it, timed from when they were due.
        target.FreezeOnce(after: TimeSpan.FromSeconds(2));
        var open = await RunAsync(target, "/frozen", "inject(100, 1s, 5s)");

        // Closed model, one user: it sends one request into the freeze, waits, and the schedule waits with it (coordinated omission).
        target.FreezeOnce(after: TimeSpan.FromSeconds(2));
        var closed = await RunAsync(target, "/frozen", "keep-constant(1, 5s)");

        Assert.True(open.Latency.Histogram().ValueAtPercentile(99) >= 500_000, $"open p99 {open.Latency.Histogram().ValueAtPercentile(99)} µs");
        Assert.True(closed.Latency.Histogram().ValueAtPercentile(99) < 500_000, $"closed p99 {closed.Latency.Histogram().ValueAtPercentile(99)} µs");
        Assert.True(closed.Latency.Histogram().MaxMicroseconds >= 500_000, "the closed client did see the freeze once");
    }

    private static async Task<ScenarioResult> RunAsync(TestTarget target, string path, string load, TimeSpan? warmUp = null, int maxOutstanding = 5_000)
    {
        var settings = new ScenarioSettings
        {
            Name = path,
            Target = target.BaseAddress,
            Path = path,
            Method = HttpMethod.Get,
            Plan = new SimulationPlan(SimulationParser.Parse(load)),
            WarmUp = warmUp ?? TimeSpan.Zero,
            MaxOutstanding = maxOutstanding,
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
        using var sideClient = LoadHttpClient.Create(settings.RequestTimeout);
        using var runner = new ScenarioRunner(settings, sideClient);
        return await runner.RunAsync(CancellationToken.None).WaitAsync(RunLimit);
    }
}
