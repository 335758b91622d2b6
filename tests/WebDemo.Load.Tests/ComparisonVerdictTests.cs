using System.Diagnostics;
using WebDemo.Load.CodeScenarios;
using WebDemo.Load.Measurement;
using WebDemo.Load.Reports;
using WebDemo.Load.Results;

namespace WebDemo.Load.Tests;

/// <summary>
/// The comparison sentence compares alternatives: strategies put under the same load in separate stages. Scenarios that
/// ran side by side, or at different loads, are stated each on its own, with no ratio.
/// </summary>
[Collection(LoadProcesses.Name)]
public sealed class ComparisonVerdictTests
{
    [Fact]
    public void ScenariosInSeparateStagesUnderTheSameLoadGetTheRatio()
    {
        var report = Report(Scenario("async", 200, "keep-constant(20, 2s)", stage: 1), Scenario("blocking", 20, "keep-constant(20, 2s)", stage: 2));

        Assert.Null(Comparison.WhyNoRatio(report));
        Assert.Contains("async served 10× the throughput of blocking", Assert.Single(Comparison.Lines(report)), StringComparison.Ordinal);
        Assert.Empty(Comparison.Separately(report));
    }

    [Fact]
    public void ScenariosThatRanSideBySideAreStatedEachOnItsOwnWithNoRatio()
    {
        var report = Report(Scenario("async", 200, "inject(200, 1s, 2s)", stage: 1), Scenario("offloaded", 20, "inject(20, 1s, 2s)", stage: 1));

        Assert.Contains("async and offloaded ran side by side", Comparison.WhyNoRatio(report), StringComparison.Ordinal);
        AssertNoRatioAndEachScenariosNumbers(report);
    }

    [Fact]
    public void ScenariosInSeparateStagesAtDifferentRatesAreStatedEachOnItsOwnWithNoRatio()
    {
        var report = Report(Scenario("async", 200, "inject(200, 1s, 2s)", stage: 1), Scenario("offloaded", 20, "inject(20, 1s, 2s)", stage: 2));

        Assert.Contains("different loads (inject(200, 1s, 2s) vs inject(20, 1s, 2s))", Comparison.WhyNoRatio(report), StringComparison.Ordinal);
        AssertNoRatioAndEachScenariosNumbers(report);
    }

    [Fact]
    public void AFileThatDoesNotSayWhichScenariosRanTogetherGetsNoRatio()
    {
        var report = Report(Scenario("async", 200, "keep-constant(20, 2s)", stage: null), Scenario("blocking", 20, "keep-constant(20, 2s)", stage: null));

        Assert.NotNull(Comparison.WhyNoRatio(report));
        Assert.Empty(Comparison.Lines(report));
    }

    [Fact]
    public async Task ACodeRunOfTwoScenariosAddedTogetherAtDifferentRatesWritesNoRatioButTheStageOfEach()
    {
        await using var target = await TestTarget.StartAsync();
        var reports = Directory.CreateTempSubdirectory("webdemo-verdict-").FullName;

        // The issue's own example: Add(async at 200/s, offloaded at 20/s), here smaller: 40/s and 4/s side by side.
        var exitCode = await LoadRun.Create("side-by-side", ["--target", target.BaseAddress.ToString(), "--format", "md,json", "--out", reports, "--bystander-rate", "2"])
            .Add(Fixed("fast", 40), Fixed("slow", 4))
            .RunAsync()
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, exitCode);
        var folder = Assert.Single(Directory.GetDirectories(reports));
        var results = await ResultJson.ReadAsync(Path.Combine(folder, "results.json"));
        Assert.Equal([1, 1], results.Scenarios.Select(scenario => scenario.Stage));
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        Assert.DoesNotContain("the throughput of", markdown, StringComparison.Ordinal);
        Assert.Contains("No ratio: fast and slow ran side by side", markdown, StringComparison.Ordinal);
        Assert.Contains("- fast (stage 1, inject(40, 1s, 2s)): ", markdown, StringComparison.Ordinal);
        Assert.Contains("- slow (stage 1, inject(4, 1s, 2s)): ", markdown, StringComparison.Ordinal);
    }

    private static void AssertNoRatioAndEachScenariosNumbers(LoadReport report)
    {
        Assert.Empty(Comparison.Lines(report));
        var separately = Comparison.Separately(report);
        Assert.Equal(2, separately.Count);
        Assert.Matches(@"^async \(stage 1, inject\(200, 1s, 2s\)\): 1\d\d req/s, p50 100(\.\d)? ms, p99 \d+(\.\d)? ms, health check p99 ", separately[0]);
        Assert.Matches(@"^offloaded \(stage [12], inject\(20, 1s, 2s\)\): \d\d req/s, p50 ", separately[1]);
        foreach (var text in new[] { MarkdownReport.Render(report), System.Net.WebUtility.HtmlDecode(HtmlReport.Render(report)) })
        {
            Assert.DoesNotContain("the throughput of", text, StringComparison.Ordinal);
            Assert.DoesNotContain("longer under", text, StringComparison.Ordinal);
            Assert.Contains("No ratio: ", text, StringComparison.Ordinal);
            Assert.All(separately, line => Assert.Contains(line, text, StringComparison.Ordinal));
        }
    }

    /// <summary>A scenario that completed <paramref name="rps"/> requests a second for two seconds, each taking 100 ms.</summary>
    private static ScenarioResult Scenario(string name, int rps, string simulations, int? stage)
    {
        var start = Stopwatch.GetTimestamp();
        var recorder = new ScenarioRecorder(start, TimeSpan.FromSeconds(3));
        for (var i = 0; i < rps * 2; i++)
        {
            var intended = start + (i * Stopwatch.Frequency / rps);
            recorder.RecordResponse(200, intended, intended, intended + (Stopwatch.Frequency / 10), 20, 2000);
        }
        recorder.RecordBystander(ok: true, start, start + (Stopwatch.Frequency / 1000));
        var description = new ScenarioDescription(name, "http://127.0.0.1:5000", "POST", $"/embeddings/{name}", "open", simulations,
            TimeSpan.Zero, "/health/live", 5);
        var result = recorder.ToResult(description, 2, 2.2, [50, 99]);
        result.Stage = stage;
        return result;
    }

    private static LoadReport Report(params ScenarioResult[] scenarios) => new()
    {
        Command = "test",
        StartedAt = DateTimeOffset.UtcNow,
        Hosts = ["test"],
        Scenarios = [.. scenarios],
    };

    private static LoadScenario Fixed(string name, int rate) =>
        LoadScenario.Create(name, async context =>
            {
                using var response = await context.Http.GetAsync("/fixed/20", context.CancellationToken);
                return await Outcome.FromResponseAsync(response, context.CancellationToken);
            })
            .WithoutWarmUp()
            .WithLoad(Traffic.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
}
