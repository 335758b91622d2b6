using System.Diagnostics;
using System.Text.Json;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Deployment.Tests.Kubernetes;

/// <summary>
/// The load Job's worker script, run for real on this machine as Kubernetes would run it in each pod (the same
/// environment variables, a shared reports folder standing in for the ReadWriteMany volume) against a real API.
/// </summary>
public sealed class LoadWorkerScriptTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("webdemo-k8s-load-").FullName;

    [Fact]
    public async Task TwoWorkersMeetStartTogetherAndLeaveOneMergedReportWhoseTotalsAreTheirSum()
    {
        await using var api = await AppProcess.StartAsync("WebDemo.Api", log: output.WriteLine);

        var workers = await Task.WhenAll(RunWorkerAsync(api, index: 0, workers: 2, mergeTimeoutSeconds: 90), RunWorkerAsync(api, index: 1, workers: 2, mergeTimeoutSeconds: 90));

        Assert.All(workers, exitCode => Assert.Equal(0, exitCode));
        var run = Path.Combine(_reports, "run");
        (int Machines, long Requests, DateTimeOffset StartedAt)[] parts = [Totals(Path.Combine(run, "worker-0")), Totals(Path.Combine(run, "worker-1"))];
        var merged = Totals(Path.Combine(run, "merged"));
        Assert.Equal(2, merged.Machines);
        Assert.Equal(parts.Sum(part => part.Requests), merged.Requests);
        Assert.True(merged.Requests > 0);
        var skew = (parts[0].StartedAt - parts[1].StartedAt).Duration();
        Assert.True(skew < TimeSpan.FromSeconds(2), $"the workers started {skew.TotalMilliseconds:F0} ms apart");
        output.WriteLine($"merged {merged.Requests} requests = {parts[0].Requests} + {parts[1].Requests}; start skew {skew.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task WithoutAJobIndexWorkersNumberThemselvesByNameAsComposeReplicasDo()
    {
        await using var api = await AppProcess.StartAsync("WebDemo.Api", log: output.WriteLine);

        // Two compose replicas: no JOB_COMPLETION_INDEX, each its own host name; the first name in order merges.
        var lines = new List<string>();
        var workers = await Task.WhenAll(
            RunWorkerAsync(api, index: null, workers: 2, mergeTimeoutSeconds: 90, lines.Add, workerName: "f00d0000b"),
            RunWorkerAsync(api, index: null, workers: 2, mergeTimeoutSeconds: 90, lines.Add, workerName: "f00d0000a"));

        Assert.All(workers, exitCode => Assert.Equal(0, exitCode));
        Assert.Contains(lines, line => line.StartsWith("worker-0 of 2 (f00d0000a)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("worker-1 of 2 (f00d0000b)", StringComparison.Ordinal));
        var run = Path.Combine(_reports, "run");
        var merged = Totals(Path.Combine(run, "merged"));
        Assert.Equal(2, merged.Machines);
        Assert.Equal(Totals(Path.Combine(run, "worker-0")).Requests + Totals(Path.Combine(run, "worker-1")).Requests, merged.Requests);
    }

    [Fact]
    public async Task AWorkerThatDiedIsNamedTheOthersAreStillMergedAndTheJobFails()
    {
        await using var api = await AppProcess.StartAsync("WebDemo.Api", log: output.WriteLine);
        // Worker 1 reached the barrier and then its pod died: it never writes results nor says it is done.
        Directory.CreateDirectory(Path.Combine(_reports, "run"));
        File.WriteAllText(Path.Combine(_reports, "run", "ready-1"), "");

        var lines = new List<string>();
        var exitCode = await RunWorkerAsync(api, index: 0, workers: 2, mergeTimeoutSeconds: 5, lines.Add);

        Assert.Equal(3, exitCode); // the load tool's "merged, but incomplete"
        Assert.Contains(lines, line => line.Contains("merge: no results from worker-1", StringComparison.Ordinal));
        Assert.Equal(1, Totals(Path.Combine(_reports, "run", "merged")).Machines);
    }

    public void Dispose() => Directory.Delete(_reports, recursive: true);

    private async Task<int> RunWorkerAsync(AppProcess api, int? index, int workers, int mergeTimeoutSeconds, Action<string>? lines = null, string? workerName = null)
    {
        var load = Checkout.BuiltDll(RepositoryPaths.Root, "WebDemo.Load", RepositoryPaths.Configuration);
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { Path.Combine(RepositoryPaths.Root, "load/scripts/worker.sh") } };
        if (index is { } jobIndex)
        {
            start.Environment["JOB_COMPLETION_INDEX"] = jobIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (workerName is not null)
        {
            start.Environment["WORKER_NAME"] = workerName;
        }
        start.Environment["WORKERS"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RUN_ID"] = "run";
        start.Environment["REPORTS"] = _reports;
        start.Environment["TARGET"] = api.BaseAddress.ToString().TrimEnd('/');
        start.Environment["RUN_ARGS"] = "--strategy async --load keep-constant(5,2s) --warm-up 0s --latency-ms 10 --format json";
        start.Environment["LOAD"] = $"dotnet {load}";
        start.Environment["MERGE_TIMEOUT_SECONDS"] = mergeTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = new CommandRun(line =>
        {
            output.WriteLine($"worker {index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? workerName}: {line}");
            lines?.Invoke(line);
        });
        return await run.RunAsync(start, TimeSpan.FromMinutes(2));
    }

    private static (int Machines, long Requests, DateTimeOffset StartedAt) Totals(string folder)
    {
        // The load tool writes each report into a timestamped folder under its --out.
        var file = Assert.Single(Directory.GetFiles(folder, "results.json", SearchOption.AllDirectories));
        using var results = JsonDocument.Parse(File.ReadAllText(file));
        var root = results.RootElement;
        var requests = root.GetProperty("scenarios").EnumerateArray().Sum(scenario => scenario.GetProperty("requests").GetProperty("total").GetInt64());
        return (root.GetProperty("machines").GetInt32(), requests, root.GetProperty("startedAt").GetDateTimeOffset());
    }
}
