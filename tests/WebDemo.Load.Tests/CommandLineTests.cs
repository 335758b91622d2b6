using System.Diagnostics;
using WebDemo.Testing;

namespace WebDemo.Load.Tests;

/// <summary>The real CLI as a process (<c>dotnet WebDemo.Load.dll ...</c>), as CI and docker compose run it.</summary>
[Collection(LoadProcesses.Name)]
public sealed class CommandLineTests(ITestOutputHelper output)
{
    private static readonly string[] ReportFiles = ["report.html", "report.md", "results.json", "summary.csv", "timeseries.csv"];
    private readonly CommandRun _cli = new(output.WriteLine);

    [Fact]
    public async Task RunWithAViolatedThresholdExitsNonZeroAndWritesEveryReportFormat()
    {
        await using var target = await TestTarget.StartAsync();
        var reports = Directory.CreateTempSubdirectory("webdemo-load-").FullName;

        var exitCode = await RunCliAsync(TimeSpan.FromSeconds(90),
            "run", "--target", target.BaseAddress.ToString(), "--strategy", "/fixed/50", "--load", "keep-constant(5, 2s)", "--warm-up", "0s",
            "--threshold", "p99 < 1ms", "--threshold", "fail-rate < 1%", "--out", reports);

        Assert.Equal(1, exitCode);
        var folder = Assert.Single(Directory.GetDirectories(reports));
        foreach (var file in ReportFiles)
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, $"{file} was not written");
        }
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        Assert.Contains("`p99 < 1ms` | ", markdown, StringComparison.Ordinal);
        Assert.Contains("**FAIL**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunWithThresholdsThatHoldExitsZero()
    {
        await using var target = await TestTarget.StartAsync();
        var reports = Directory.CreateTempSubdirectory("webdemo-load-").FullName;

        var exitCode = await RunCliAsync(TimeSpan.FromSeconds(90),
            "run", "--target", target.BaseAddress.ToString(), "--strategy", "/fixed/50", "--load", "inject(20, 1s, 2s)", "--warm-up", "0s",
            "--threshold", "p99 < 10s", "--format", "json", "--out", reports);

        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(Path.Combine(Assert.Single(Directory.GetDirectories(reports)), "results.json")));
    }

    [Fact]
    public async Task AMalformedLoadSimulationIsAUsageErrorThatNamesTheSyntax()
    {
        var exitCode = await RunCliAsync(TimeSpan.FromSeconds(30), "run", "--load", "inject(100)", "--out", Path.GetTempPath());

        Assert.NotEqual(0, exitCode);
        Assert.Contains(_cli.Lines, line => line.Contains("inject(rate, interval, during)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AShortCompareOfEveryStrategyWritesAReportWhoseChartsDrawInChromium()
    {
        var reports = Path.Combine(RepositoryPaths.Artifacts, "load-compare");
        Directory.CreateDirectory(reports);
        var apiDll = Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Api"), "WebDemo.Api.dll");

        var before = Directory.GetDirectories(reports).ToHashSet();
        var exitCode = await RunCliAsync(TimeSpan.FromMinutes(4),
            "compare", "--api-dll", apiDll, "--load", "inject(10, 1s, 2s)", "--warm-up", "0s", "--latency-ms", "50", "--bystander-rate", "4",
            "--out", reports);

        Assert.Equal(0, exitCode);
        var folder = Assert.Single(Directory.GetDirectories(reports), path => !before.Contains(path));
        foreach (var file in ReportFiles)
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, $"{file} was not written");
        }
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        foreach (var strategy in new[] { "blocking", "offloaded", "sync-over-async", "async", "batched" })
        {
            Assert.Contains($"| {strategy} |", markdown, StringComparison.Ordinal);
        }

        await ReportScreenshot.AssertFitsALaptopScreenAsync(Path.Combine(folder, "report.html"),
            Path.Combine(RepositoryPaths.Artifacts, "load-report-five-strategies.png"), output);
        // One relative sentence for each strategy but the one that served the most.
        var comparison = markdown[markdown.IndexOf("## Comparison", StringComparison.Ordinal)..markdown.IndexOf("## Verdicts", StringComparison.Ordinal)];
        Assert.Equal(4, comparison.Split('\n').Count(line => line.StartsWith("- ", StringComparison.Ordinal) && line.Contains("throughput", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CompareOnTheLocalModelReportsTheBackendAndTheServersCpuNextToItsThreads()
    {
        var reports = Directory.CreateTempSubdirectory("webdemo-load-").FullName;
        var apiDll = Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Api"), "WebDemo.Api.dll");

        var exitCode = await RunCliAsync(TimeSpan.FromMinutes(3),
            "compare", "--backend", "Local", "--api-dll", apiDll, "--strategies", "async,batched", "--load", "inject(10, 1s, 3s)",
            "--warm-up", "0s", "--bystander-rate", "4", "--format", "md", "--out", reports);

        Assert.Equal(0, exitCode);
        var markdown = await File.ReadAllTextAsync(Path.Combine(Assert.Single(Directory.GetDirectories(reports)), "report.md"));
        output.WriteLine(markdown);
        Assert.Contains("| scenario | backend | server CPU (mean) | server CPU (max second) | threads (max) |", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| async \| Local \| \d+ % \| \d+ % \| \d+ \|", markdown);
        Assert.Matches(@"\| batched \| Local \| \d+ % \| \d+ % \| \d+ \|", markdown);
    }

    [Fact]
    public async Task AnUnknownBackendIsAUsageErrorThatListsTheChoices()
    {
        var exitCode = await RunCliAsync(TimeSpan.FromSeconds(30), "compare", "--backend", "Quantum", "--out", Path.GetTempPath());

        Assert.NotEqual(0, exitCode);
        Assert.Contains(_cli.Lines, line => line.Contains("Simulated", StringComparison.Ordinal) && line.Contains("Local", StringComparison.Ordinal));
    }

    private Task<int> RunCliAsync(TimeSpan timeout, params string[] args)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "load", "WebDemo.Load", "bin", RepositoryPaths.Configuration, "net10.0", "WebDemo.Load.dll");
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return _cli.RunAsync(start, timeout);
    }
}
