using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WebDemo.Containers.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Containers.Tests;

/// <summary>
/// Beyond one process: two API replicas behind the service name, load workers that start together
/// (load/scripts/compose-workers.sh), Prometheus finding every replica and worker by DNS, and a replica killed under load.
/// </summary>
public sealed class ScaledStackTests(ScaledStackFixture stack, ITestOutputHelper output) : IClassFixture<ScaledStackFixture>, IDisposable
{
    private const string StarvationAlert = "WebDemoThreadPoolStarvation";
    /// <summary>How the load tool names a request that failed on its connection, not on an answer.</summary>
    private static readonly string[] ConnectionFailures = ["connection-refused", "connection-reset", "timeout", "socket-hostunreachable"];
    private readonly string _reports = Directory.CreateTempSubdirectory("webdemo-compose-workers-").FullName;

    [Fact]
    public async Task PrometheusFindsEveryReplicaByDnsAndScrapesEach()
    {
        var replicas = await stack.ReplicasAsync();

        var targets = await Eventually.ValueAsync(ApiTargetsAsync,
            targets => targets.Count == ScaledStackFixture.Replicas && targets.All(target => target.Health == "up"),
            TimeSpan.FromMinutes(1), () => $"Prometheus scraped {ScaledStackFixture.Replicas} API targets", TimeSpan.FromSeconds(1));

        Assert.Equal(replicas.Select(replica => replica.Instance), targets.Select(target => target.Instance).Order(StringComparer.Ordinal));
        output.WriteLine($"job webdemo-api: {string.Join(", ", targets.Select(target => $"{target.Instance} {target.Health}"))} " +
            $"(containers {string.Join(", ", replicas.Select(replica => $"{replica.Container[..12]} on {replica.Published}"))})");
    }

    [Fact]
    public async Task EveryDashboardQueryAnswersForEachReplicaChosenAsTheInstance()
    {
        var replicas = await stack.ReplicasAsync();
        foreach (var replica in replicas)
        {
            using var client = new HttpClient { BaseAddress = replica.Published, Timeout = TimeSpan.FromSeconds(30) };
            await DashboardTraffic.SendAsync(client);
        }
        // And blocking load on each until its pool has injected a thread for starvation: the injection panels count those.
        foreach (var replica in replicas)
        {
            using var stopLoad = new CancellationTokenSource();
            var load = ConcurrentLoad.RunAsync(replica.Published, "/embeddings/blocking?latencyMs=1000", 64, TimeSpan.FromMinutes(2), stopLoad.Token);
            await Eventually.ValueAsync(() => stack.QueryAsync($"webdemo_thread_pool_adjustments_total{{instance=\"{replica.Instance}\", reason=\"starvation\"}}"),
                result => result.Count > 0, TimeSpan.FromMinutes(1), () => $"{replica.Instance} injected threads for starvation", TimeSpan.FromSeconds(1));
            await stopLoad.CancelAsync();
            await load;
        }

        foreach (var replica in replicas)
        {
            // Grafana writes a chosen value into the query's regular expression escaped, inside a PromQL string: 172\\.21…
            var value = System.Text.RegularExpressions.Regex.Escape(replica.Instance).Replace("\\", "\\\\", StringComparison.Ordinal);
            var queries = GrafanaDashboard.Queries(value).Where(query => query.Contains(value, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(queries);
            foreach (var query in queries)
            {
                var series = await Eventually.ValueAsync(() => stack.QueryAsync(query), result => result.Count > 0, TimeSpan.FromSeconds(30),
                    () => $"{query} answered for {replica.Instance}", TimeSpan.FromSeconds(1));
                Assert.All(series, one => Assert.True(!one.GetProperty("metric").TryGetProperty("instance", out var instance) || instance.GetString() == replica.Instance,
                    $"{query} returned another instance's series"));
            }
            output.WriteLine($"instance {replica.Instance}: {queries.Count} dashboard queries, each with series of this replica only");
        }
    }

    [Fact]
    public async Task TwoLoadWorkersStartTogetherSpreadOverBothReplicasAndLeaveOneMergedReport()
    {
        var replicas = await stack.ReplicasAsync();
        var before = await RequestsPerInstanceAsync(replicas);

        var (exitCode, lines) = await RunWorkersAsync(2, "--strategy async --load keep-constant(30,6s) --warm-up 1s --latency-ms 50");

        Assert.Equal(0, exitCode);
        Assert.Contains(lines, line => line.Contains("worker-0 of 2", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("worker-1 of 2", StringComparison.Ordinal));
        var workers = new[] { Results("worker-0"), Results("worker-1") };
        var merged = Results("merged");
        Assert.Equal(2, merged.Machines);
        Assert.Equal(workers.Sum(worker => worker.Total), merged.Total);
        Assert.Equal(workers.Sum(worker => worker.Ok), merged.Ok);
        Assert.True(merged.Ok > 0);
        var skew = (workers[0].StartedAt - workers[1].StartedAt).Duration();
        Assert.True(skew < TimeSpan.FromSeconds(2), $"the workers started {skew.TotalMilliseconds:F0} ms apart");

        // Compose's service-name balancing: the workers' connections went to both replicas.
        var after = await RequestsPerInstanceAsync(replicas);
        var served = replicas.Select(replica => after[replica.Instance] - before[replica.Instance]).ToList();
        Assert.All(served, count => Assert.True(count > 0, "a replica served none of the workers' requests"));
        // And Prometheus scraped each worker's live client metrics while it ran.
        var clients = await Eventually.ValueAsync(
            () => stack.QueryAsync("count by (instance) (max_over_time(webdemo_load_requests_total{webdemo_scenario=\"async\"}[2m]))"),
            result => result.Count >= 2, TimeSpan.FromSeconds(30), () => "both workers' client metrics were scraped", TimeSpan.FromSeconds(1));
        output.WriteLine($"merged {merged.Total} requests = {workers[0].Total} + {workers[1].Total}, start skew {skew.TotalMilliseconds:F0} ms; " +
            $"served per replica: {string.Join(", ", replicas.Select((replica, i) => $"{replica.Instance} {served[i]:0}"))}; " +
            $"load workers scraped: {string.Join(", ", clients.Select(client => client.GetProperty("metric").GetProperty("instance").GetString()))}");
    }

    [Fact]
    public async Task TheStarvationAlertNamesTheStarvingReplicaOnly()
    {
        var replicas = await stack.ReplicasAsync();
        var (starved, other) = (replicas[0], replicas[1]);
        Assert.Empty(await StarvationAlertsAsync());

        using var stopLoad = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var load = ConcurrentLoad.RunAsync(starved.Published, "/embeddings/blocking?latencyMs=1000", 200, TimeSpan.FromMinutes(5), stopLoad.Token);
        var alerts = await Eventually.ValueAsync(StarvationAlertsAsync, alerts => alerts.Count > 0, TimeSpan.FromMinutes(4),
            () => $"{StarvationAlert} was pending or firing", TimeSpan.FromSeconds(1));
        var toAlert = started.Elapsed;
        await stopLoad.CancelAsync();
        await load;

        var alert = Assert.Single(alerts);
        Assert.Equal(starved.Instance, alert.GetProperty("metric").GetProperty("instance").GetString());
        output.WriteLine($"blocking load on {starved.Instance} only (published {starved.Published}): {StarvationAlert} " +
            $"{alert.GetProperty("metric").GetProperty("alertstate")} for instance {starved.Instance} after {toAlert.TotalSeconds:0} s; none for {other.Instance}");
        await stack.Project.WaitHealthyAsync("api");
    }

    [Fact]
    public async Task AReplicaKilledUnderLoadCostsOnlyConnectionFailuresWhileTheOtherCarriesOn()
    {
        var replicas = await stack.ReplicasAsync();
        var (killed, survivor) = (replicas[0], replicas[1]);
        var killedBefore = await RequestsServedAsync(killed.Published);

        // The kernel closes a killed process's connections: a request of which nothing was answered yet goes once more on
        // a new connection (as HttpClient does), to the survivor once the DNS has dropped the replica, refused before it.
        // Should no close arrive (a host gone), the client's timeout ends them: 3 s here (default 30 s).
        var run = RunWorkersAsync(1, "--strategy async --load keep-constant(40,16s) --warm-up 1s --latency-ms 300 --timeout 3s");
        // Kill it once the worker's requests reach it, with requests in flight (each waits 300 ms).
        await Eventually.ValueAsync(() => RequestsServedAsync(killed.Published), served => served > killedBefore + 20, TimeSpan.FromMinutes(1),
            () => $"{killed.Instance} served the worker's requests", TimeSpan.FromMilliseconds(200));
        (await Docker.RunAsync(Docker.Cli, ["kill", killed.Container], TimeSpan.FromSeconds(30))).Checked("docker kill");
        var survivorAtKill = await RequestsServedAsync(survivor.Published);
        var (exitCode, _) = await run;

        var results = Results("merged");
        var survivorAtEnd = await RequestsServedAsync(survivor.Published);
        Assert.Equal(0, exitCode); // the run finishes and reports
        Assert.Equal(results.Total, results.Ok + results.Failed); // every request accounted for: answered, or failed by name
        Assert.All(results.Errors.Keys, kind => Assert.Contains(kind, ConnectionFailures)); // never an error from the survivor
        Assert.True(results.Failed < results.Ok / 2, $"{results.Failed} failed against {results.Ok} ok: the other replica should carry the load");
        Assert.True(survivorAtEnd - survivorAtKill > 100, $"the surviving replica served {survivorAtEnd - survivorAtKill:0} requests after the kill");
        // Prometheus saw it down before the DNS discovery dropped it.
        var down = await Eventually.ValueAsync(
            () => stack.QueryAsync($"min_over_time(up{{instance=\"{killed.Instance}\"}}[3m])"),
            result => result.Count == 1 && result[0].GetProperty("value")[1].GetString() == "0", TimeSpan.FromSeconds(60),
            () => $"up{{instance=\"{killed.Instance}\"}} was 0", TimeSpan.FromSeconds(1));
        var survivorUp = await stack.QueryAsync($"up{{instance=\"{survivor.Instance}\"}}");
        Assert.Equal("1", Assert.Single(survivorUp).GetProperty("value")[1].GetString());
        Assert.Equal("healthy", (await ComposeProject.InspectContainerAsync(survivor.Container)).GetProperty("State").GetProperty("Health").GetProperty("Status").GetString());
        output.WriteLine($"killed {killed.Instance} under load: {results.Failed} requests failed ({string.Join(", ", results.Errors.Select(error => $"{error.Key} {error.Value}"))}), {results.Ok} ok; " +
            $"{survivor.Instance} served {survivorAtEnd - survivorAtKill:0} after the kill and stayed healthy; Prometheus: min up of {killed.Instance} = " +
            $"{down[0].GetProperty("value")[1].GetString()}, up of {survivor.Instance} = 1");
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);

    /// <summary>load/scripts/compose-workers.sh against this project, its reports copied into this test's folder.</summary>
    private async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunWorkersAsync(int workers, string runArguments)
    {
        var environment = new Dictionary<string, string>(stack.Project.Variables) { ["OUT"] = _reports };
        var script = Path.Combine(RepositoryPaths.Root, "load", "scripts", "compose-workers.sh");
        var run = await Docker.RunAsync(script, [workers.ToString(CultureInfo.InvariantCulture), .. runArguments.Split(' ')], TimeSpan.FromMinutes(3), environment);
        var lines = run.Stdout.Concat(run.Stderr).ToList();
        foreach (var line in lines.Where(line => !line.Contains("| async", StringComparison.Ordinal))) // not every live line
        {
            output.WriteLine($"compose-workers.sh: {line}");
        }
        return (run.ExitCode, lines);
    }

    private RunTotals Results(string folder)
    {
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_reports, folder), "results.json", SearchOption.AllDirectories));
        using var results = JsonDocument.Parse(File.ReadAllText(file));
        var scenario = Assert.Single(results.RootElement.GetProperty("scenarios").EnumerateArray());
        var requests = scenario.GetProperty("requests");
        return new RunTotals(results.RootElement.GetProperty("machines").GetInt32(), results.RootElement.GetProperty("startedAt").GetDateTimeOffset(),
            requests.GetProperty("total").GetInt64(), requests.GetProperty("ok").GetInt64(), requests.GetProperty("failed").GetInt64(),
            requests.GetProperty("errors").EnumerateObject().ToDictionary(error => error.Name, error => error.Value.GetInt64()));
    }

    /// <summary>How many async-strategy requests a replica has answered, from its own /metrics on its published port.</summary>
    private static async Task<double> RequestsServedAsync(Uri replica)
    {
        using var client = new HttpClient { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(10) };
        var line = (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n').FirstOrDefault(line =>
            line.StartsWith("webdemo_strategy_request_duration_seconds_count{", StringComparison.Ordinal) && line.Contains("webdemo_strategy=\"async\"", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<string, double>> RequestsPerInstanceAsync(IEnumerable<Replica> replicas)
    {
        var served = new Dictionary<string, double>();
        foreach (var replica in replicas)
        {
            served[replica.Instance] = await RequestsServedAsync(replica.Published);
        }
        return served;
    }

    private async Task<IReadOnlyList<(string Instance, string Health)>> ApiTargetsAsync() =>
        [.. (await stack.PrometheusAsync("/api/v1/targets")).GetProperty("activeTargets").EnumerateArray()
            .Where(target => target.GetProperty("labels").GetProperty("job").GetString() == "webdemo-api")
            .Select(target => (target.GetProperty("labels").GetProperty("instance").GetString()!, target.GetProperty("health").GetString()!))];

    private Task<IReadOnlyList<JsonElement>> StarvationAlertsAsync() => stack.QueryAsync($"ALERTS{{alertname=\"{StarvationAlert}\"}}");

    private sealed record RunTotals(int Machines, DateTimeOffset StartedAt, long Total, long Ok, long Failed, IReadOnlyDictionary<string, long> Errors);
}
