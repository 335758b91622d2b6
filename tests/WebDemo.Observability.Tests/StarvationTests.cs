using System.Diagnostics;
using System.Text.Json;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>
/// The starvation signals against real processes: the same closed-model load (64 concurrent requests, 1 s backend
/// latency, 6 s) on the blocking strategy and, in a fresh process, on the async one. A backend call of a second keeps
/// every pool thread blocked long enough for the runtime's starvation detection (no dequeue for 500 ms) to fire; with
/// shorter calls the threads finish often enough that hill climbing, not starvation injection, grows the pool. Expectations are ratios with wide
/// margins; the measured numbers go to the test output.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class StarvationTests(ITestOutputHelper output)
{
    private const int Concurrency = 64;
    private const int LatencyMs = 1000;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task BlockingLoadStarvesThePoolWhileAsyncLoadDoesNot()
    {
        var blocking = await RunAsync("blocking");
        var asynchronous = await RunAsync("async");

        // Blocking: the probe waits far longer than at idle, and the runtime injected threads because of it.
        Assert.True(blocking.LoadDelayMs >= 10 * Math.Max(blocking.IdleDelayMs, 5),
            $"blocking: {blocking.LoadDelayMs:0.0} ms under load vs {blocking.IdleDelayMs:0.00} ms idle");
        Assert.True(blocking.Injections >= 1, "blocking: no starvation or cooperative-blocking injection was counted");
        Assert.True(blocking.Warned, "blocking: no starvation warning was logged");

        // Async, same concurrency: no starvation injection, and a delay nowhere near the blocking one.
        Assert.Equal(0, asynchronous.Injections);
        Assert.False(asynchronous.Warned, "async: a starvation warning was logged");
        Assert.True(asynchronous.LoadDelayMs * 4 < blocking.LoadDelayMs,
            $"async: {asynchronous.LoadDelayMs:0.0} ms under load vs blocking {blocking.LoadDelayMs:0.0} ms");
        Assert.True(asynchronous.Completed > blocking.Completed, $"async completed {asynchronous.Completed}, blocking {blocking.Completed}");
    }

    private async Task<Outcome> RunAsync(string strategy)
    {
        await using var app = await AppProcess.StartAsync("WebDemo.Api");
        using var client = app.CreateClient(TimeSpan.FromSeconds(60));

        var idle = await IdleSchedulingDelayMsAsync(client);
        var before = await ThreadPoolPoller.GetAsync(client);

        var poller = new ThreadPoolPoller(client);
        using var stopPolling = new CancellationTokenSource();
        var polling = poller.RunAsync(stopPolling.Token);
        var completed = await ConcurrentLoad.RunAsync(app.BaseAddress, $"/embeddings/{strategy}?latencyMs={LatencyMs}", Concurrency, LoadDuration);
        await stopPolling.CancelAsync();
        await polling.WaitAsync(TimeSpan.FromSeconds(60));
        var after = await ThreadPoolPoller.GetAsync(client); // its 5 s maximum covers the end of the load

        var outcome = new Outcome(idle, Math.Max(poller.MaxSchedulingDelayMs, after.GetProperty("schedulingDelayMaxMs").GetDouble()),
            ThreadPoolPoller.InjectionsOf(after) - ThreadPoolPoller.InjectionsOf(before), completed,
            app.Output.Any(line => line.Contains("Thread-pool starvation", StringComparison.Ordinal)));
        output.WriteLine($"{strategy}: idle delay {outcome.IdleDelayMs:0.00} ms, under load max {outcome.LoadDelayMs:0.0} ms, " +
            $"{outcome.Injections} starvation/cooperative-blocking injections, {outcome.Completed} requests completed, " +
            $"{after.GetProperty("threadCount").GetInt32()} pool threads after");
        return outcome;
    }

    /// <summary>
    /// The idle server's longest probe wait of its last second, read over one second once start-up has left that window.
    /// The server's own clock (each snapshot's timestamp) says when that is, not a sleep in the test.
    /// </summary>
    private static async Task<double> IdleSchedulingDelayMsAsync(HttpClient client)
    {
        var readyAt = TimestampOf(await ThreadPoolPoller.GetAsync(client));
        var idle = 0.0;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = await ThreadPoolPoller.GetAsync(client);
            var sinceReady = TimestampOf(snapshot) - readyAt;
            if (sinceReady > TimeSpan.FromSeconds(2))
            {
                return idle;
            }
            if (sinceReady > TimeSpan.FromSeconds(1))
            {
                idle = Math.Max(idle, snapshot.GetProperty("schedulingDelayMs").GetDouble());
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The server's snapshots did not move on for 60 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(250)); // the pace of reading an idle server, so the reads do not load it
        }
    }

    private static DateTimeOffset TimestampOf(JsonElement snapshot) => snapshot.GetProperty("timestamp").GetDateTimeOffset();

    private sealed record Outcome(double IdleDelayMs, double LoadDelayMs, long Injections, int Completed, bool Warned);
}
