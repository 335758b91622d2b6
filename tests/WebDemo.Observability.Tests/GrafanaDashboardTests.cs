using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>
/// The Grafana dashboard against real data: the API under blocking load (the starvation the dashboard exists to show)
/// and a load tool serving its own client metrics, both scraped every second by a real Prometheus, and every query of
/// every panel asked through Prometheus' HTTP API.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class GrafanaDashboardTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryDashboardQueryReturnsSeriesFromPrometheusScrapingTheApiUnderBlockingLoad()
    {
        var queries = GrafanaDashboard.Queries();
        Assert.NotEmpty(queries);
        Assert.All(queries, query => Assert.DoesNotContain("$", query, StringComparison.Ordinal)); // no variable left unreplaced

        await using var app = await AppProcess.StartAsync("WebDemo.Api"); // the default configuration
        using var client = app.CreateClient(TimeSpan.FromSeconds(60));
        await DashboardTraffic.SendAsync(client);
        // The "client vs server" row: a load tool serving its live client metrics, scraped beside the API, all along.
        await using var loadTool = LoadToolProcess.Start(app.BaseAddress, "async", "keep-constant(4, 300s)", output.WriteLine);
        await using var prometheus = await PrometheusServer.StartAsync(app.BaseAddress, loadTool: loadTool.MetricsAddress);
        await prometheus.QueryUntilFoundAsync("up{job=\"webdemo-api\"} == 1", TimeSpan.FromSeconds(60));
        await prometheus.QueryUntilFoundAsync("up{job=\"webdemo-load\"} == 1", TimeSpan.FromSeconds(60));

        // 64 clients on the blocking strategy with 1 s backend calls starve the pool (see StarvationTests), while a
        // bystander asks /health/live, whose latency one panel shows.
        using var stopBystander = new CancellationTokenSource();
        var bystander = AskForHealthAsync(client, stopBystander.Token);
        var load = ConcurrentLoad.RunAsync(app.BaseAddress, "/embeddings/blocking?latencyMs=1000", concurrency: 64, TimeSpan.FromSeconds(8));

        var seriesPerQuery = new List<(string Query, int Series)>();
        foreach (var query in queries)
        {
            var result = await prometheus.QueryUntilFoundAsync(query, TimeSpan.FromSeconds(90));
            seriesPerQuery.Add((query, result.GetArrayLength()));
        }
        var completed = await load;
        await stopBystander.CancelAsync();
        await bystander.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"blocking load: {completed} requests completed; {queries.Count} dashboard queries, series returned by Prometheus:");
        foreach (var (query, series) in seriesPerQuery)
        {
            output.WriteLine($"  {series,3}  {query}");
        }
        Assert.All(seriesPerQuery, pair => Assert.True(pair.Series >= 1, $"no series for {pair.Query}"));
    }

    private static async Task AskForHealthAsync(HttpClient client, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/health/live", stop);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop); // a probe's pace, not a second load
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
