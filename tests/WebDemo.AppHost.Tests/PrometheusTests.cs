using System.Text.Json;
using Aspire.Hosting.Testing;
using WebDemo.Testing;

namespace WebDemo.AppHost.Tests;

/// <summary>
/// Prometheus as the AppHost's container resource, on the engine and stand-in image ./test.sh provides
/// (tests/containers/engine.sh exports DOCKER_HOST and PROMETHEUS_IMAGE): healthy, and scraping the API from inside its
/// container, through the port Aspire assigned the API.
/// </summary>
public sealed class PrometheusTests(DemoUnderAspire demo, ITestOutputHelper output) : IClassFixture<DemoUnderAspire>
{
    private static readonly TimeSpan ContainerStart = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PrometheusRunsAsAContainerAndScrapesTheApi()
    {
        Assert.True(Environment.GetEnvironmentVariable("PROMETHEUS_IMAGE") is { Length: > 0 },
            "PROMETHEUS_IMAGE names no image: run ./test.sh, or `source tests/containers/engine.sh && engine_start && stand_ins_build` first.");
        await demo.App.ResourceNotifications.WaitForResourceHealthyAsync("prometheus").WaitAsync(ContainerStart);
        using var prometheus = demo.App.CreateHttpClient("prometheus", "http");
        prometheus.Timeout = TimeSpan.FromSeconds(10);
        var apiPort = demo.App.GetEndpoint("api", "http").Port;

        var target = await Eventually.ValueAsync(() => ApiTargetAsync(prometheus), target => target?.Health == "up", ScrapeWait,
            () => "Prometheus reported the API's target up", poll: TimeSpan.FromMilliseconds(500));
        var up = await QueryAsync(prometheus, "up{job=\"webdemo-api\"}");
        var threads = await QueryAsync(prometheus, "webdemo_thread_pool_threads");

        Assert.EndsWith($":{apiPort}/metrics", target!.ScrapeUrl, StringComparison.Ordinal);
        Assert.Equal("1", up);
        Assert.True(int.Parse(threads!, System.Globalization.CultureInfo.InvariantCulture) > 0, $"thread-pool threads: {threads}");
        output.WriteLine($"Prometheus scrapes {target.ScrapeUrl}: health {target.Health}, up = {up}, webdemo_thread_pool_threads = {threads}");
    }

    private static async Task<ScrapeTarget?> ApiTargetAsync(HttpClient prometheus)
    {
        using var document = JsonDocument.Parse(await prometheus.GetStringAsync(new Uri("/api/v1/targets?state=active", UriKind.Relative)));
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Where(target => target.GetProperty("labels").GetProperty("job").GetString() == "webdemo-api")
            .Select(target => new ScrapeTarget(target.GetProperty("scrapeUrl").GetString()!, target.GetProperty("health").GetString()!))
            .FirstOrDefault();
    }

    /// <summary>The value of an instant query's first series, or null when it has none.</summary>
    private static async Task<string?> QueryAsync(HttpClient prometheus, string query)
    {
        using var document = JsonDocument.Parse(
            await prometheus.GetStringAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(query)}", UriKind.Relative)));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
    }

    private sealed record ScrapeTarget(string ScrapeUrl, string Health);
}
