using WebDemo.Load.Cli;
using WebDemo.Load.Engine;

namespace WebDemo.Load.Tests;

/// <summary>The live line tells the truth: no percentile before anything completed, and which window its numbers cover.</summary>
public sealed class LiveConsoleTests
{
    [Fact]
    public void WhileNothingHasCompletedThePercentilesShowADashNotZero()
    {
        // sync-over-async under load: 15 s with requests in flight and not one answered.
        var status = new LiveStatus(RunPhase.Running, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), Ok: 0, Failed: 0, Dropped: 0,
            Errors: 0, InFlight: 200, LastSecondRequests: 0, P50Microseconds: null, P99Microseconds: null, Server: null);

        var line = LiveConsole.Describe("sync-over-async", status);

        Assert.Contains("p50        —", line, StringComparison.Ordinal);
        Assert.DoesNotContain("µs", line, StringComparison.Ordinal);
        Assert.Contains("so far", line, StringComparison.Ordinal);
    }

    [Fact]
    public void OnceRequestsCompletedThePercentilesOfTheRunSoFarAreShown()
    {
        var status = new LiveStatus(RunPhase.Running, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), Ok: 900, Failed: 0, Dropped: 0,
            Errors: 0, InFlight: 200, LastSecondRequests: 190, P50Microseconds: 101_500, P99Microseconds: 108_000, Server: null);

        var line = LiveConsole.Describe("async", status);

        Assert.Contains("190 req/s  so far p50", line, StringComparison.Ordinal);
        Assert.Contains("101.5 ms", line, StringComparison.Ordinal);
        Assert.DoesNotContain("—", line, StringComparison.Ordinal);
    }
}
