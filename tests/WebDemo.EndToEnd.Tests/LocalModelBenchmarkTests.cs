using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// The local-model benchmark (<c>WebDemo.Benchmarks local</c>) in a short run of two rounds: it must measure one and two
/// workers, drive the API with wrk so that the API really batches, print ratios that follow from its own numbers, and
/// exit with the status its printed verdict states. The benchmark's numbers come from full runs (docs/local-model.md).
/// </summary>
public sealed partial class LocalModelBenchmarkTests(ITestOutputHelper output)
{
    private readonly CommandRun _benchmark = new(output.WriteLine);

    [Fact]
    public async Task AShortRunComparesWorkersAndTheApiWithTheRawEncoderAndExitsWithTheVerdictItPrints()
    {
        var exitCode = await RunBenchmarkAsync(seconds: 2, rounds: 2);

        var encoder = Matches(EncoderLine()).Select(match => Number(match, "rate")).ToArray();
        Assert.Equal(4, encoder.Length); // 1 and 2 workers, 1 text and 32 per call
        var workers = Assert.Single(Matches(WorkersLine()));
        AssertRatio(encoder[1] / encoder[0], Number(workers, "single"));
        AssertRatio(encoder[3] / encoder[2], Number(workers, "batched"));

        var rounds = Matches(RoundLine()).ToArray();
        Assert.Equal(2, rounds.Length);
        foreach (var round in rounds)
        {
            AssertRatio(Number(round, "api") / Number(round, "encoder"), Number(round, "percent") / 100);
            // 200 connections of one input each against two workers: requests queue, so model calls take many at once.
            Assert.InRange(Number(round, "batch"), 4, 32);
        }
        var median = Number(Assert.Single(Matches(MedianLine())), "percent");
        Assert.Equal(rounds.Average(round => Number(round, "percent")), median, 0.11);

        var workersMet = Math.Min(Number(workers, "single"), Number(workers, "batched")) >= 1.7;
        var apiMet = median >= 90;
        var verdict = Assert.Single(Matches(VerdictLine()));
        Assert.Equal(workersMet ? "met" : "MISSED", verdict.Groups["workers"].Value);
        Assert.Equal(apiMet ? "met" : "MISSED", verdict.Groups["api"].Value);
        Assert.Equal(workersMet && apiMet ? 0 : 1, exitCode);
    }

    // Ratios are printed with two decimals, computed from rates that are printed rounded to whole texts/s.
    private static void AssertRatio(double fromPrintedRates, double printed) =>
        Assert.InRange(printed, (fromPrintedRates * 0.97) - 0.01, (fromPrintedRates * 1.03) + 0.01);

    private IEnumerable<Match> Matches(Regex pattern) =>
        _benchmark.Lines.Select(line => pattern.Match(line)).Where(match => match.Success);

    private static double Number(Match match, string group) =>
        double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private Task<int> RunBenchmarkAsync(int seconds, int rounds)
    {
        // The benchmark starts the Release build of the API; the test command has just built it (a Debug run builds it).
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root };
        foreach (var argument in new[] { "run", "-c", "Release", "--project", "load/WebDemo.Benchmarks" })
        {
            start.ArgumentList.Add(argument);
        }
        if (RepositoryPaths.Configuration == "Release")
        {
            start.ArgumentList.Add("--no-build");
        }
        foreach (var argument in new[] { "--", "local", $"{seconds}", $"{rounds}" })
        {
            start.ArgumentList.Add(argument);
        }
        return _benchmark.RunAsync(start, TimeSpan.FromMinutes(5));
    }

    [GeneratedRegex(@"^\s+encoder, \d worker\(s\), batch\s+\d+:\s+(?<rate>[\d.]+) texts/s")]
    private static partial Regex EncoderLine();

    [GeneratedRegex(@"^two workers ÷ one: (?<single>[\d.]+)× one at a time, (?<batched>[\d.]+)× in batches of 32")]
    private static partial Regex WorkersLine();

    [GeneratedRegex(@"^\s+round \d: encoder (?<encoder>[\d.]+) texts/s .*; API (?<api>[\d.]+) texts/s .*mean batch (?<batch>[\d.]+)\) = (?<percent>[\d.]+) %")]
    private static partial Regex RoundLine();

    [GeneratedRegex(@"^API ÷ encoder, median of \d+ rounds: (?<percent>[\d.]+) %")]
    private static partial Regex MedianLine();

    [GeneratedRegex(@"^targets: two workers ≥ 1.7× one: (?<workers>met|MISSED); API ≥ 90 % of the encoder: (?<api>met|MISSED)")]
    private static partial Regex VerdictLine();
}
