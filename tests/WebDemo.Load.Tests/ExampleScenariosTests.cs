using System.Diagnostics;
using WebDemo.Load.Results;
using WebDemo.Testing;

namespace WebDemo.Load.Tests;

/// <summary>load/WebDemo.Load.Scenarios, the file a tester opens first, run as a tester runs it (each stage on a fresh API).</summary>
[Collection(LoadProcesses.Name)]
public sealed class ExampleScenariosTests(ITestOutputHelper output)
{
    private readonly CommandRun _run = new(output.WriteLine);

    [Fact]
    public async Task AShortRunOfTheFiveStrategiesWritesReportsWhoseChartsDrawInChromium()
    {
        var (exitCode, folder) = await RunExampleAsync("strategies", "keep-constant(5, 2s)");

        Assert.Equal(0, exitCode);
        foreach (var file in new[] { "report.html", "report.md", "results.json", "summary.csv", "timeseries.csv" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, $"{file} was not written");
        }
        var results = await ResultJson.ReadAsync(Path.Combine(folder, "results.json"));
        Assert.Equal(["blocking", "offloaded", "sync-over-async", "async", "batched"], results.Scenarios.Select(scenario => scenario.Name));
        Assert.All(results.Scenarios, scenario =>
        {
            Assert.Equal("HttpClient (scenario code)", scenario.Client);
            Assert.True(scenario.Requests.Ok > 0, $"{scenario.Name} completed no request");
            Assert.Equal("diagnostics", scenario.Server.Source);
        });
        Assert.Contains("**Client:** HttpClient (scenario code)", await File.ReadAllTextAsync(Path.Combine(folder, "report.md")), StringComparison.Ordinal);
        await ReportScreenshot.AssertFitsALaptopScreenAsync(Path.Combine(folder, "report.html"),
            Path.Combine(RepositoryPaths.Artifacts, "load-scenarios-strategies.png"), output);
    }

    [Fact]
    public async Task TheOpenAiScenarioFindsEachParaphraseThroughTheOfficialSdk()
    {
        // A second of warm-up takes the SDK's first, cold calls out of the measurement.
        var (exitCode, folder) = await RunExampleAsync("openai", "inject(10, 1s, 2s)", warmUp: "1s");

        var scenario = Assert.Single((await ResultJson.ReadAsync(Path.Combine(folder, "results.json"))).Scenarios);
        Assert.Equal("OpenAI .NET SDK 2.15.0", scenario.Client);
        Assert.Equal(20, scenario.Requests.Ok);
        Assert.Empty(scenario.Requests.Errors);
        // Its p99 threshold depends on how busy this machine is; the check on the answers must hold.
        Assert.True(scenario.Thresholds.Single(threshold => threshold.Expression == "fail-rate < 1%").Passed);
        Assert.Equal(scenario.Thresholds.All(threshold => threshold.Passed) ? 0 : 1, exitCode);
    }

    private async Task<(int ExitCode, string Folder)> RunExampleAsync(string set, string load, string warmUp = "0s")
    {
        var reports = Path.Combine(RepositoryPaths.Artifacts, "load-scenarios");
        Directory.CreateDirectory(reports);
        var before = Directory.GetDirectories(reports).ToHashSet();
        var start = new ProcessStartInfo("dotnet");
        foreach (var arg in new[]
        {
            Path.Combine(RepositoryPaths.Root, "load", "WebDemo.Load.Scenarios", "bin", RepositoryPaths.Configuration, "net10.0", "WebDemo.Load.Scenarios.dll"),
            set, "--load", load, "--warm-up", warmUp, "--out", reports,
            "--api-dll", Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Api"), "WebDemo.Api.dll"),
        })
        {
            start.ArgumentList.Add(arg);
        }
        var exitCode = await _run.RunAsync(start, TimeSpan.FromMinutes(5));
        var folder = Directory.GetDirectories(reports).Single(path => !before.Contains(path));
        return (exitCode, folder);
    }
}
