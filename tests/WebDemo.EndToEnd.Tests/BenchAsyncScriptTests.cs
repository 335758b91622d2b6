using System.Diagnostics;
using System.Globalization;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// load/scripts/bench-async.sh, the async path against bare Kestrel, in a short run of two rounds at 50 connections:
/// it must run both servers alternately in fresh processes, print medians, ratios and the cost of a request (bytes
/// allocated, CPU time) that follow from its own runs, and exit with the status its printed verdict states. The benchmark's numbers come from full runs (docs/performance.md).
/// </summary>
public sealed class BenchAsyncScriptTests(ITestOutputHelper output)
{
    private const int Connections = 50;
    private const int Rounds = 2;
    private const double LatencyMs = 100;
    private readonly CommandRun _script = new(output.WriteLine);

    [Fact]
    public async Task AShortRunComparesTheApiWithBareKestrelAndExitsWithTheVerdictItPrints()
    {
        var outFolder = Directory.CreateTempSubdirectory("webdemo-bench-").FullName;
        try
        {
            var exitCode = await RunScriptAsync(outFolder);
            var summary = SummaryRow();

            // The ratios are the script's own arithmetic on the medians it printed.
            Assert.Equal(100 * summary.ApiRps / summary.BaselineRps, summary.ThroughputPercent, 0.1);
            Assert.Equal(summary.ApiP99 / summary.BaselineP99, summary.P99Ratio, 0.01);
            Assert.Equal(100 * summary.ApiRps / (Connections * 1000 / LatencyMs), summary.OfIdealPercent, 0.1);
            Assert.Equal(summary.ApiBytes / summary.BaselineBytes, summary.AllocRatio, 0.01);
            // What each request costs, read from both processes: something on both sides (the baseline allocates too).
            Assert.True(summary.BaselineBytes > 0 && summary.ApiBytes > 0, $"B/req: api {summary.ApiBytes}, baseline {summary.BaselineBytes}");
            Assert.True(summary.BaselineCpuUs > 0 && summary.ApiCpuUs > 0, $"CPU/req: api {summary.ApiCpuUs}, baseline {summary.BaselineCpuUs}");
            // 50 connections waiting 100 ms each: at most 500 req/s on either side, and no answer before the wait.
            Assert.InRange(summary.ApiRps, 100, 510);
            Assert.InRange(summary.BaselineRps, 100, 510);
            Assert.InRange(summary.ApiP99, LatencyMs, 5_000);

            // The exit status is the verdict: 0 exactly when every target holds (2 would mean the run itself failed).
            var targetsHold = summary.ThroughputPercent >= 97 && summary.P99Ratio <= 1.05 && summary.OfIdealPercent >= 95
                && summary.AllocRatio <= 2;
            Assert.Equal(targetsHold ? "met" : "MISSED", summary.Verdict.Split(':')[0]);
            Assert.Equal(targetsHold ? 0 : 1, exitCode);

            await AssertEveryRunHadAFreshServerAsync(outFolder);
        }
        finally
        {
            Directory.Delete(outFolder, recursive: true);
        }
    }

    private static async Task AssertEveryRunHadAFreshServerAsync(string outFolder)
    {
        var serverLog = await File.ReadAllTextAsync(Path.Combine(outFolder, "servers.log"));
        foreach (var app in new[] { "api", "baseline" })
        {
            for (var round = 1; round <= Rounds; round++)
            {
                Assert.Contains($"== {app} for {Connections} connections, round {round}", serverLog, StringComparison.Ordinal);
                var wrk = await File.ReadAllTextAsync(Path.Combine(outFolder, $"{app}-c{Connections}-round{round}.txt"));
                Assert.Contains("Requests/sec:", wrk, StringComparison.Ordinal);
            }
        }
        // The default configuration: request code is not moved onto the I/O threads (the API warns when it is).
        Assert.DoesNotContain("UnsafePreferInlineScheduling is on", serverLog, StringComparison.Ordinal);
    }

    private Summary SummaryRow()
    {
        var row = Assert.Single(_script.Lines, line => line.StartsWith($"{Connections} ", StringComparison.Ordinal));
        var columns = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static double Number(string text) => double.Parse(text.TrimEnd('%', 'x', 's', 'µ'), CultureInfo.InvariantCulture);
        return new Summary(Number(columns[1]), Number(columns[2]), Number(columns[3]), Number(columns[4]),
            Number(columns[5]), Number(columns[6]), Number(columns[7]), Number(columns[8]), Number(columns[9]),
            Number(columns[10]), Number(columns[11]), Number(columns[12]), columns[13]);
    }

    private Task<int> RunScriptAsync(string outFolder)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "load", "scripts", "bench-async.sh"));
        start.Environment["CONNECTIONS"] = Connections.ToString(CultureInfo.InvariantCulture);
        start.Environment["ROUNDS"] = Rounds.ToString(CultureInfo.InvariantCulture);
        start.Environment["DURATION"] = "3s";
        start.Environment["WARMUP"] = "1s";
        start.Environment["OUT"] = outFolder;
        // The script measures the Release build; the test command has just built it (a Debug test run lets it build).
        start.Environment["NO_BUILD"] = RepositoryPaths.Configuration == "Release" ? "1" : "0";
        return _script.RunAsync(start, TimeSpan.FromMinutes(3));
    }

    private sealed record Summary(double ApiRps, double BaselineRps, double ApiP99, double BaselineP99,
        double ThroughputPercent, double P99Ratio, double OfIdealPercent, double ApiBytes, double BaselineBytes,
        double AllocRatio, double ApiCpuUs, double BaselineCpuUs, string Verdict);
}
