using System.Globalization;
using System.Text.Json;
using WebDemo.Containers.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Containers.Tests;

/// <summary>The compose stack running in real containers, looked at from the host through its published ports.</summary>
public sealed class RunningStackTests(RunningStackFixture stack, ITestOutputHelper output) : IClassFixture<RunningStackFixture>
{
    [Fact]
    public async Task EveryServiceBecomesHealthyThroughItsOwnHealthCheck()
    {
        output.WriteLine($"images (api, upstream, load) built in {stack.Images.Took.TotalSeconds:0} s");
        foreach (var service in RunningStackFixture.Services)
        {
            var container = await stack.Project.InspectAsync(service);
            var probe = container.GetProperty("Config").GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(part => part.GetString());
            Assert.True(stack.HealthyAfter.ContainsKey(service));
            output.WriteLine($"{service}: healthy {stack.HealthyAfter[service].TotalSeconds:0.0} s after its container started ({string.Join(' ', probe)})");
        }
    }

    [Fact]
    public void TheBuildContextLeavesBuildOutputAndTestsOut()
    {
        // The sources are under a megabyte; the bin/ folders .dockerignore keeps out hold hundreds of megabytes.
        output.WriteLine($"largest build context sent: {stack.Images.LargestContextBytes / 1e6:0.00} MB");
        Assert.InRange(stack.Images.LargestContextBytes, 0, 20_000_000);
    }

    [Fact]
    public async Task TheApiAnswersEveryStrategyOnThePublishedPortThroughTheUpstreamService()
    {
        await stack.Api.WaitUntilReadyAsync();
        string[] routes = ["/embeddings/blocking", "/embeddings/offloaded", "/embeddings/sync-over-async", "/embeddings/async", "/embeddings/batched", "/v1/embeddings"];
        foreach (var route in routes)
        {
            var answer = await stack.Api.PostJsonAsync(route, new { input = $"hello from the host to {route}" });
            var embedding = answer.GetProperty("data")[0].GetProperty("embedding");
            Assert.Equal(384, embedding.GetArrayLength());
            output.WriteLine($"POST {stack.Project.ApiAddress}{route.TrimStart('/')} -> 200, {embedding.GetArrayLength()} dimensions, model {answer.GetProperty("model")}");
        }

        var configuration = await stack.Api.GetJsonAsync("/diagnostics/configuration");
        Assert.Equal("Http", configuration.GetProperty("backend").GetString());
        Assert.Equal("http://upstream:8080/", configuration.GetProperty("upstreamUrl").GetString());
        // The API's own HttpClient metrics: its calls went to the host named "upstream", resolved on the compose network.
        var metrics = await stack.Api.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var upstreamCalls = metrics.Split('\n').Where(line => line.StartsWith("http_client_request_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("server_address=\"upstream\"", StringComparison.Ordinal) && line.Contains("http_request_method=\"POST\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(upstreamCalls);
        output.WriteLine($"the API called the upstream service by name: {upstreamCalls[0]}");
    }

    [Fact]
    public async Task PrometheusScrapesTheApiServiceAndHasLoadedTheAlertRules()
    {
        // Found by DNS on the service name "api": the address of its one container.
        var scrapeUrl = $"http://{ComposeProject.AddressOf(await stack.Project.InspectAsync("api"))}:8080/metrics";
        var target = await Eventually.ValueAsync(async () => (await stack.PrometheusAsync("/api/v1/targets")).GetProperty("activeTargets").EnumerateArray()
                .SingleOrDefault(target => target.GetProperty("scrapeUrl").GetString() == scrapeUrl),
            target => target.ValueKind == JsonValueKind.Object && target.GetProperty("health").GetString() == "up",
            TimeSpan.FromMinutes(1), () => $"Prometheus scraped {scrapeUrl} successfully", TimeSpan.FromSeconds(1));
        var up = (await stack.PrometheusAsync("/api/v1/query?query=up%7Bjob%3D%22webdemo-api%22%7D")).GetProperty("result")[0].GetProperty("value")[1].GetString();
        Assert.Equal("1", up);
        Assert.True(target.GetProperty("scrapeInterval").GetString() is "1s" or "2s", "Starvation builds up and recovers within seconds."); // 1–2 s scrapes
        output.WriteLine($"prometheus: target {target.GetProperty("scrapeUrl")} health {target.GetProperty("health")}, up = {up}, every {target.GetProperty("scrapeInterval")}, " +
            $"last scrape {target.GetProperty("lastScrapeDuration").GetDouble() * 1000:0.0} ms");

        var groups = (await stack.PrometheusAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray().ToList();
        var rules = groups.Where(group => group.GetProperty("file").GetString() == "/etc/prometheus/alerts.yml")
            .SelectMany(group => group.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Contains(rules, rule => rule.GetProperty("name").GetString() == "WebDemoThreadPoolStarvation");
        output.WriteLine($"prometheus: /etc/prometheus/alerts.yml loaded, {rules.Count} rules " +
            $"({rules.Count(rule => rule.GetProperty("type").GetString() == "alerting")} alerts)");
    }

    [Fact]
    public async Task TheApiLogsOneJsonObjectPerLine()
    {
        await stack.Api.WaitUntilReadyAsync();
        await stack.Api.PostJsonAsync("/embeddings/async", new { input = "a request to log" });

        var lines = await Eventually.ValueAsync(() => stack.Project.LogsAsync("api"),
            lines => lines.Any(line => line.Contains("answered 200", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            () => "the request's completion line was logged", TimeSpan.FromSeconds(1));
        lines = [.. lines.Where(line => !line.StartsWith("Attaching to ", StringComparison.Ordinal))]; // docker-compose v1's own header
        Assert.All(lines, line =>
        {
            using var json = JsonDocument.Parse(line); // throws on a line that is not JSON
            Assert.True(json.RootElement.TryGetProperty("Timestamp", out _) && json.RootElement.TryGetProperty("Level", out _), line);
        });
        output.WriteLine($"docker-compose logs api: {lines.Count} lines, all JSON, e.g. {lines.Last(line => line.Contains("answered 200", StringComparison.Ordinal))}");
    }

    [Fact]
    public async Task EveryContainerRunsAsANonRootUser()
    {
        foreach (var service in RunningStackFixture.Services)
        {
            var uid = int.Parse(await stack.Project.ExecAsync(service, "id", "-u"), CultureInfo.InvariantCulture);
            Assert.NotEqual(0, uid);
            output.WriteLine($"{service}: id -u = {uid}");
        }
        // The load tool runs only on demand: a one-off container of its service.
        var loadUid = (await stack.Project.ComposeAsync(TimeSpan.FromMinutes(1), "--profile", "load", "run", "--rm", "--no-deps", "--entrypoint", "id", "load", "-u"))
            .Checked("docker-compose run load id -u")[^1];
        Assert.NotEqual("0", loadUid);
        output.WriteLine($"load: id -u = {loadUid}");
        var image = (await stack.Project.InspectAsync("api")).GetProperty("Image").GetString()!;
        var size = (await Docker.RunAsync(Docker.Cli, ["image", "inspect", "--format", "{{.Size}}", image], TimeSpan.FromSeconds(30))).Checked("docker image inspect").Single();
        output.WriteLine($"api image: {long.Parse(size, CultureInfo.InvariantCulture) / 1_000_000} MB (base image: " +
            $"{Environment.GetEnvironmentVariable("DOTNET_ASPNET_IMAGE") ?? "mcr.microsoft.com/dotnet/aspnet"})");
    }

    [Fact]
    public async Task TheLoadProfilesCompareWritesItsReportIntoTheLoadReportsVolume()
    {
        // The load service depends on a healthy api: compose refuses to start it while the probe fails.
        await stack.Project.WaitHealthyAsync("api");
        // The load service's own command (compare --target http://api:8080 --out /reports), with a short load: the point
        // here is the wiring (the compose network, the volume), not the numbers.
        var run = await stack.Project.ComposeAsync(TimeSpan.FromMinutes(3), "--profile", "load", "run", "--rm", "load",
            "compare", "--target", "http://api:8080", "--out", "/reports",
            "--strategies", "async,batched", "--load", "keep-constant(20, 5s)", "--warm-up", "1s", "--cool-down", "1s");
        run.Checked("docker-compose run load compare");

        // Read back from the volume, through a container of the load image that mounts it.
        var volume = $"{stack.Project.Name}_load-reports";
        var files = (await Docker.RunAsync(Docker.Cli, ["run", "--rm", "-v", $"{volume}:/reports", "--entrypoint", "find", "webdemo-load",
            "/reports", "-type", "f"], TimeSpan.FromMinutes(1))).Checked("listing the load-reports volume");
        output.WriteLine($"volume {volume}: {string.Join(", ", files)}");
        var results = Assert.Single(files, file => file.EndsWith("/results.json", StringComparison.Ordinal));
        Assert.Contains(files, file => file.EndsWith("/report.html", StringComparison.Ordinal));
        var json = (await Docker.RunAsync(Docker.Cli, ["run", "--rm", "-v", $"{volume}:/reports", "--entrypoint", "cat", "webdemo-load", results],
            TimeSpan.FromMinutes(1))).Checked("reading results.json from the volume");
        using var report = JsonDocument.Parse(string.Join('\n', json));
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray().Select(scenario => scenario.GetProperty("name").GetString()).ToList();
        Assert.Equal("compare", report.RootElement.GetProperty("command").GetString());
        Assert.Equal(["async", "batched"], scenarios.Order());
        output.WriteLine($"{results}: command compare, scenarios {string.Join(", ", scenarios)}");
    }
}
