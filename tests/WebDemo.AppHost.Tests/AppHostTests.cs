using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using WebDemo.Testing;

namespace WebDemo.AppHost.Tests;

/// <summary>`dotnet run --project src/WebDemo.AppHost`, as a test: the resources, the strategies and the dashboard.</summary>
public sealed class AppHostTests(DemoUnderAspire demo, ITestOutputHelper output) : IClassFixture<DemoUnderAspire>
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TelemetryWait = TimeSpan.FromSeconds(60);
    private static readonly string[] TwoTexts = ["first text", "second text"];

    public static TheoryData<string> Strategies =>
        ["/embeddings/blocking", "/embeddings/offloaded", "/embeddings/sync-over-async", "/embeddings/async", "/embeddings/batched", "/v1/embeddings"];

    [Fact]
    public async Task EveryResourceBecomesHealthy()
    {
        output.WriteLine($"StartAsync to every resource healthy: {demo.StartedToHealthy.TotalSeconds:0.0} s");
        foreach (var resource in DemoUnderAspire.Resources)
        {
            var state = await demo.App.ResourceNotifications
                .WaitForResourceAsync(resource, e => e.Snapshot.HealthStatus is not null).WaitAsync(RequestTimeout);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, state.Snapshot.HealthStatus);
            Assert.Equal("Running", state.Snapshot.State?.Text);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task TheApiAnswersEveryStrategyThroughTheEndpointAspireAssigned(string route)
    {
        using var client = demo.App.CreateHttpClient("api", "http");
        client.Timeout = RequestTimeout;

        using var response = await client.PostAsJsonAsync(route, new { input = TwoTexts }).WaitAsync(RequestTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WaitAsync(RequestTimeout));
        Assert.Equal(2, body.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task TheHttpBackendReachesTheUpstreamByItsServiceName()
    {
        using var client = demo.App.CreateHttpClient("api", "http");
        client.Timeout = RequestTimeout;

        // The API knows the upstream only as http://upstream/; the readiness check calls it there.
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)).WaitAsync(RequestTimeout);
        var readiness = await ready.Content.ReadAsStringAsync().WaitAsync(RequestTimeout);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Upstream http://upstream/ answered", readiness, StringComparison.Ordinal);

        // The blocking path (HttpClient.Send) resolves the name too, not only SendAsync.
        using var blocking = await client.PostAsJsonAsync("/embeddings/blocking", new { input = "by name" }).WaitAsync(RequestTimeout);
        Assert.Equal(HttpStatusCode.OK, blocking.StatusCode);
    }

    [Fact]
    public async Task BothServicesLogLinesReachTheDashboardAsStructuredLogs()
    {
        using var api = demo.App.CreateHttpClient("api", "http");
        api.Timeout = RequestTimeout;
        using var dashboard = demo.CreateDashboardApiClient();
        using var response = await api.PostAsJsonAsync("/embeddings/async", new { input = "log this" }).WaitAsync(RequestTimeout);
        response.EnsureSuccessStatusCode();

        // The API logs through Serilog, the upstream through the host's default logger: both arrive over OTLP.
        await Eventually.HoldsAsync(async () =>
            {
                var resources = await DemoUnderAspire.ReadResourcesAsync(dashboard);
                return DemoUnderAspire.Resources.All(name => resources.Any(r => r.Name == name && r.HasLogs));
            },
            TelemetryWait, "the dashboard held structured logs of the api and the upstream", poll: TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task TheDashboardServesItsPage()
    {
        using var client = new HttpClient { Timeout = RequestTimeout };

        using var response = await client.GetAsync(demo.DashboardLoginUrl).WaitAsync(RequestTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Aspire", await response.Content.ReadAsStringAsync().WaitAsync(RequestTimeout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlockingRequestShowsItsSpanAndTheBackendCallOnOneTraceInTheDashboard()
    {
        using var api = demo.App.CreateHttpClient("api", "http");
        api.Timeout = RequestTimeout;
        using var dashboard = demo.CreateDashboardApiClient();

        using var response = await api.PostAsJsonAsync("/embeddings/blocking", new { input = "trace this blocking call" }).WaitAsync(RequestTimeout);
        response.EnsureSuccessStatusCode();

        var spans = await Eventually.ValueAsync(() => DemoUnderAspire.ReadSpansAsync(dashboard), spans => BlockingTrace(spans) is not null,
            TelemetryWait, () => "the dashboard held a blocking request's trace with the backend call and the upstream's span",
            poll: TimeSpan.FromMilliseconds(500));
        var trace = BlockingTrace(spans)!;
        var request = Assert.Single(trace, span => span.Name == "POST /embeddings/blocking");
        var backend = Assert.Single(trace, span => span.Name == "embeddings.backend");
        var upstream = Assert.Single(trace, span => span.Name == "POST /v1/embeddings");
        Assert.Equal(request.SpanId, backend.ParentSpanId);
        Assert.Equal("api", request.Service); // Aspire names the service after the resource
        Assert.Equal("upstream", upstream.Service);
    }

    [Fact]
    public async Task TheApisMetricsReachTheDashboardWithTheThreadPoolInstruments()
    {
        using var dashboard = demo.CreateDashboardApiClient();
        await Eventually.HoldsAsync(async () => (await DemoUnderAspire.ReadResourcesAsync(dashboard)).Any(r => r.Name == "api" && r.HasMetrics),
            TelemetryWait, "the dashboard listed the api with metrics", poll: TimeSpan.FromMilliseconds(500));

        var (playwright, browser) = await Chromium.LaunchAsync().WaitAsync(RequestTimeout);
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } })
                .WaitAsync(RequestTimeout);
            await page.GotoAsync(demo.DashboardLoginUrl.ToString()).WaitAsync(RequestTimeout); // signs the browser in with the token
            await page.GotoAsync(new Uri(demo.DashboardBase, "/metrics/resource/api").ToString()).WaitAsync(RequestTimeout);
            // The instrument tree lists the API's own meter (WebDemo.Api) with its thread-pool gauges; open the thread count.
            var threads = page.Locator("fluent-tree-item[title='webdemo.thread_pool.threads']").First;
            await threads.WaitForAsync(new() { Timeout = 60_000 }).WaitAsync(TelemetryWait);
            await threads.ClickAsync(new() { Force = true }).WaitAsync(RequestTimeout);
            await page.Locator(".js-plotly-plot .main-svg").First.WaitForAsync(new() { Timeout = 30_000 }).WaitAsync(TelemetryWait); // the graph drawn
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, "aspire-dashboard-metrics.png") }).WaitAsync(RequestTimeout);
        }
    }

    [Fact]
    public async Task TheDashboardsTracesPageShowsTheBlockingRequest()
    {
        using var api = demo.App.CreateHttpClient("api", "http");
        api.Timeout = RequestTimeout;
        using var dashboard = demo.CreateDashboardApiClient();
        using var response = await api.PostAsJsonAsync("/embeddings/blocking", new { input = "for the screenshot" }).WaitAsync(RequestTimeout);
        response.EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => BlockingTrace(await DemoUnderAspire.ReadSpansAsync(dashboard)) is not null,
            TelemetryWait, "the dashboard held a blocking request's trace", poll: TimeSpan.FromMilliseconds(500));

        var (playwright, browser) = await Chromium.LaunchAsync().WaitAsync(RequestTimeout);
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } })
                .WaitAsync(RequestTimeout);
            await page.GotoAsync(demo.DashboardLoginUrl.ToString()).WaitAsync(RequestTimeout);
            await page.GotoAsync(new Uri(demo.DashboardBase, "/traces").ToString()).WaitAsync(RequestTimeout);
            await page.GetByText("POST /embeddings/blocking").First.WaitForAsync(new() { Timeout = 60_000 }).WaitAsync(TelemetryWait);
            var path = Path.Combine(RepositoryPaths.Artifacts, "aspire-dashboard-traces.png");
            await page.ScreenshotAsync(new() { Path = path }).WaitAsync(RequestTimeout);
            output.WriteLine($"Screenshot: {path}");

            // The trace itself: the request, the backend call and the upstream's span in one waterfall.
            await page.GetByText("POST /embeddings/blocking").First.ClickAsync().WaitAsync(RequestTimeout);
            await page.GetByText("embeddings.backend").First.WaitForAsync(new() { Timeout = 60_000 }).WaitAsync(TelemetryWait);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Artifacts, "aspire-dashboard-blocking-trace.png") })
                .WaitAsync(RequestTimeout);
        }
    }

    // The trace of one blocking request: the API's server span, its backend span, and the upstream's server span.
    private static List<DashboardSpan>? BlockingTrace(IReadOnlyList<DashboardSpan> spans) => spans
        .Where(span => span.Name == "POST /embeddings/blocking")
        .Select(request => spans.Where(span => span.TraceId == request.TraceId).ToList())
        .FirstOrDefault(trace => trace.Any(span => span.Name == "embeddings.backend")
            && trace.Any(span => span.Name == "POST /v1/embeddings" && span.Service == "upstream"));
}
