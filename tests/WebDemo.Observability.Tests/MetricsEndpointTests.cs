using System.Text.Json;
using WebDemo.Observability.Tests.Infrastructure;

namespace WebDemo.Observability.Tests;

/// <summary>The real <c>/metrics</c> of a running API process, checked by Prometheus' own tools.</summary>
public sealed class MetricsEndpointTests(ExercisedApp app, ITestOutputHelper output) : IClassFixture<ExercisedApp>
{
    private static readonly string[] AppSeries =
    [
        "webdemo_strategy_request_duration_seconds_bucket", "webdemo_strategy_active_requests", "webdemo_strategy_rejected_requests_total",
        "webdemo_thread_pool_scheduling_delay_seconds_bucket", "webdemo_thread_pool_scheduling_delay_last_seconds",
        "webdemo_thread_pool_adjustments_total", "webdemo_thread_pool_threads", "webdemo_thread_pool_queue_length",
        "webdemo_thread_pool_work_item_count_total", "webdemo_thread_pool_min_threads",
        "webdemo_batcher_batch_size_bucket", "webdemo_batcher_queue_length",
        "webdemo_log_events_dropped_total",
        "http_server_request_duration_seconds_bucket", "kestrel_active_connections", "dotnet_gc_collections_total",
    ];

    [Fact]
    public async Task PromtoolAcceptsTheRealMetricsOutput()
    {
        var metrics = await app.MetricsAsync();

        var (exitCode, text) = await ExternalTool.RunAsync("/usr/bin/promtool", ["check", "metrics"], metrics);

        output.WriteLine(text);
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {text}");
    }

    [Fact]
    public async Task EveryAppInstrumentIsExposed()
    {
        var names = SampleNames(await app.MetricsAsync());

        Assert.All(AppSeries, series => Assert.Contains(series, names));
    }

    [Fact]
    public async Task ARealPrometheusScrapesThreadCountAndSchedulingDelay()
    {
        await using var prometheus = await PrometheusServer.StartAsync(app.Process.BaseAddress);

        var threads = await prometheus.QueryUntilFoundAsync("webdemo_thread_pool_threads", TimeSpan.FromSeconds(60));
        var delay = await prometheus.QueryUntilFoundAsync(
            "histogram_quantile(0.99, sum by (le) (webdemo_thread_pool_scheduling_delay_seconds_bucket))", TimeSpan.FromSeconds(30));
        var up = await prometheus.QueryUntilFoundAsync("up{job=\"webdemo-api\"}", TimeSpan.FromSeconds(30));

        Assert.True(ValueOf(threads[0]) >= 1);
        Assert.True(ValueOf(delay[0]) >= 0);
        Assert.Equal(1, ValueOf(up[0]));
        Assert.Equal("webdemo-api", threads[0].GetProperty("metric").GetProperty("job").GetString());
    }

    private static double ValueOf(JsonElement series) =>
        double.Parse(series.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static HashSet<string> SampleNames(string metrics) =>
        metrics.Split('\n').Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])]).ToHashSet(StringComparer.Ordinal);
}
