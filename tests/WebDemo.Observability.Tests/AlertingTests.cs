using System.Diagnostics;
using System.Text.Json;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>
/// deploy/prometheus/alerts.yml end to end: a real Prometheus (Debian package) scrapes a real API every second and
/// evaluates the rules. The same closed-model load (200 clients, 1 s backend calls) on the async strategy never even
/// makes the starvation alert pending; on the blocking strategy it fires within a bounded time (and the Grafana
/// dashboard's alert queries show it), and it resolves once the load stops. The measured times go to the test output
/// (README, "Runbook").
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class AlertingTests(ITestOutputHelper output)
{
    private const string Alert = "WebDemoThreadPoolStarvation";
    private const int Concurrency = 200;
    private const string Latency = "?latencyMs=1000";
    private static readonly TimeSpan AsyncLoad = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FiringWithin = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ResolvedWithin = TimeSpan.FromMinutes(2);
    private static readonly string Rules = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "alerts.yml");

    [Fact]
    public async Task TheStarvationAlertFiresUnderBlockingLoadButNotAsyncLoadAndResolvesWhenTheLoadStops()
    {
        await using var app = await AppProcess.StartAsync("WebDemo.Api");
        await using var prometheus = await PrometheusServer.StartAsync(app.BaseAddress, Rules);
        // The recording rule has data once two scrapes are in: the rules are loaded and evaluated.
        await prometheus.QueryUntilFoundAsync("webdemo:thread_pool_scheduling_delay_seconds:p50_1m", TimeSpan.FromSeconds(90));

        var asyncLoad = ConcurrentLoad.RunAsync(app.BaseAddress, $"/embeddings/async{Latency}", Concurrency, AsyncLoad);
        while (!asyncLoad.IsCompleted)
        {
            Assert.Empty(await AlertsAsync(prometheus, state: null)); // not firing, not even pending
            await Task.WhenAny(asyncLoad, Task.Delay(TimeSpan.FromSeconds(1))); // the pace of the check, for as long as the load runs
        }
        output.WriteLine($"async: {await asyncLoad} requests in {AsyncLoad.TotalSeconds} s, {Alert} never pending");

        using var stopBlocking = new CancellationTokenSource();
        var loadStarted = Stopwatch.StartNew();
        var blockingLoad = ConcurrentLoad.RunAsync(app.BaseAddress, $"/embeddings/blocking{Latency}", Concurrency, FiringWithin, stopBlocking.Token);
        var firing = await WaitForAsync(() => AlertsAsync(prometheus, "firing"), alerts => alerts.Count > 0, FiringWithin);
        var toFiring = loadStarted.Elapsed;
        var alert = Assert.Single(firing);
        Assert.Equal("critical", alert.GetProperty("metric").GetProperty("severity").GetString());
        Assert.Equal(app.BaseAddress.Authority, alert.GetProperty("metric").GetProperty("instance").GetString());
        // The Grafana dashboard's alerts table and annotation show it.
        var dashboardQueries = GrafanaDashboard.AlertQueries();
        Assert.NotEmpty(dashboardQueries);
        foreach (var query in dashboardQueries)
        {
            Assert.Contains(await prometheus.QueryAsync(query),
                series => series.GetProperty("metric").GetProperty("alertname").GetString() == Alert);
        }

        await stopBlocking.CancelAsync();
        await blockingLoad;
        var loadStopped = Stopwatch.StartNew();
        await WaitForAsync(() => AlertsAsync(prometheus, state: null), alerts => alerts.Count == 0, ResolvedWithin);
        output.WriteLine($"blocking: {Alert} firing {toFiring.TotalSeconds:0} s after the load started, " +
            $"resolved {loadStopped.Elapsed.TotalSeconds:0} s after it stopped");
    }

    /// <summary>The starvation alert's series in Prometheus' <c>ALERTS</c> (pending or firing; or only the given state).</summary>
    private static async Task<IReadOnlyList<JsonElement>> AlertsAsync(PrometheusServer prometheus, string? state)
    {
        var selector = state is null ? $"ALERTS{{alertname=\"{Alert}\"}}" : $"ALERTS{{alertname=\"{Alert}\",alertstate=\"{state}\"}}";
        return await prometheus.QueryAsync(selector);
    }

    // Prometheus evaluates the rules every few seconds, so once a second is the pace of the check.
    private static Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout) =>
        Eventually.ValueAsync(read, done, timeout, () => "the alert reached the expected state", TimeSpan.FromSeconds(1));
}
