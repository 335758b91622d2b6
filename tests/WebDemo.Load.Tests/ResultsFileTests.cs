using System.Diagnostics;
using System.Text.Json.Nodes;
using WebDemo.Load.Measurement;
using WebDemo.Load.Results;
using WebDemo.Load.Thresholds;

namespace WebDemo.Load.Tests;

public sealed class ResultsFileTests
{
    [Fact]
    public void AResultsFileReadBackWritesTheSameFile()
    {
        var report = Report(SampleScenario(new Random(1), out _));

        var json = ResultJson.Serialize(report);
        var again = ResultJson.Serialize(ResultJson.Deserialize(json));

        Assert.Equal(json, again);
    }

    [Fact]
    public void TheResultsFileUsesTheDocumentedCamelCaseSchema()
    {
        var json = JsonNode.Parse(ResultJson.Serialize(Report(SampleScenario(new Random(2), out _))))!;

        Assert.Equal("webdemo-load/1", (string?)json["schema"]);
        var scenario = json["scenarios"]![0]!;
        foreach (var field in new[] { "name", "target", "method", "path", "model", "simulations", "warmUpSeconds", "durationSeconds", "measuredSeconds",
                     "percentiles", "requests", "latency", "serviceTime", "startDelay", "bystander", "server", "timeSeries", "thresholds" })
        {
            Assert.True(scenario[field] is not null, $"scenarios[0].{field} is missing");
        }
        Assert.Equal("us", (string?)scenario["latency"]!["unit"]);
        Assert.NotNull(scenario["latency"]!["percentilesMs"]!["p99"]);
        Assert.Equal(2, scenario["latency"]!["buckets"]![0]!.AsArray().Count);
        Assert.NotNull(scenario["requests"]!["statusCodes"]!["200"]);
        Assert.NotNull(scenario["timeSeries"]![0]!["serverThreads"]);
    }

    [Fact]
    public void AFileOfAnotherSchemaIsRefused()
    {
        var json = ResultJson.Serialize(Report(SampleScenario(new Random(3), out _))).Replace("webdemo-load/1", "webdemo-load/99", StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ResultJson.Deserialize(json));
    }

    [Fact]
    public void MergingTwoMachinesFilesEqualsOneRunThatRecordedEverything()
    {
        // Three recorders see the same stream of requests: the whole run, and the two halves two machines would see.
        var random = new Random(4);
        var start = Stopwatch.GetTimestamp();
        var whole = new ScenarioRecorder(start, TimeSpan.FromSeconds(10));
        var machines = new[] { new ScenarioRecorder(start, TimeSpan.FromSeconds(10)), new ScenarioRecorder(start, TimeSpan.FromSeconds(10)) };
        for (var i = 0; i < 20_000; i++)
        {
            var intended = start + (long)(random.NextDouble() * 5 * Stopwatch.Frequency);
            var end = intended + (long)(LatencyHistogramTests.LogUniform(random, 500, 3_000_000) / 1e6 * Stopwatch.Frequency);
            var status = random.Next(100) == 0 ? 503 : 200;
            whole.RecordResponse(status, intended, intended, end, 10, 100);
            machines[i % 2].RecordResponse(status, intended, intended, end, 10, 100);
        }
        var thresholds = new[] { Threshold.Parse("p99 < 2s"), Threshold.Parse("fail-rate < 1%") };
        ScenarioResult ResultOf(ScenarioRecorder recorder)
        {
            var result = recorder.ToResult(Description, 5, 8, [50, 90, 99]);
            result.Thresholds = [.. thresholds.Select(threshold => threshold.Evaluate(result))];
            return result;
        }

        // Through the file format, as `merge` does.
        var files = machines.Select(machine => ResultJson.Deserialize(ResultJson.Serialize(Report(ResultOf(machine))))).ToList();
        var merged = ReportMerger.Merge(files).Scenarios.Single();
        var single = ResultOf(whole);

        Assert.Equal(single.Latency.Buckets.Select(pair => (pair[0], pair[1])), merged.Latency.Buckets.Select(pair => (pair[0], pair[1])));
        Assert.Equal(single.Latency.PercentilesMs, merged.Latency.PercentilesMs);
        Assert.Equal((single.Latency.Count, single.Latency.Min, single.Latency.Max, single.Latency.Sum),
            (merged.Latency.Count, merged.Latency.Min, merged.Latency.Max, merged.Latency.Sum));
        Assert.Equal(single.Requests.Ok, merged.Requests.Ok);
        Assert.Equal(single.Requests.Errors, merged.Requests.Errors);
        Assert.Equal(single.Requests.StatusCodes, merged.Requests.StatusCodes);
        Assert.Equal(single.TimeSeries.Select(s => (s.Second, s.Ok, s.P50Ms, s.P99Ms, s.MaxMs)), merged.TimeSeries.Select(s => (s.Second, s.Ok, s.P50Ms, s.P99Ms, s.MaxMs)));
        Assert.Equal(single.Thresholds, merged.Thresholds);
        Assert.Equal(single.Rps, merged.Rps, precision: 6);
        Assert.Equal(2, ReportMerger.Merge(files).Machines);
    }

    private static readonly ScenarioDescription Description =
        new("async", "http://127.0.0.1:5000", "POST", "/embeddings/async", "open", "inject(100, 1s, 5s)", TimeSpan.FromSeconds(1), "/health/live", 5);

    private static ScenarioResult SampleScenario(Random random, out ScenarioRecorder recorder)
    {
        var start = Stopwatch.GetTimestamp();
        recorder = new ScenarioRecorder(start, TimeSpan.FromSeconds(5));
        for (var i = 0; i < 500; i++)
        {
            var intended = start + (long)(random.NextDouble() * 3 * Stopwatch.Frequency);
            recorder.RecordResponse(200, intended, intended + 100, intended + (long)(random.NextDouble() * Stopwatch.Frequency / 5), 20, 2000);
        }
        recorder.RecordFailure("timeout", start, start, start + Stopwatch.Frequency);
        recorder.RecordDropped(start);
        recorder.RecordBystander(ok: true, start, start + (Stopwatch.Frequency / 100));
        recorder.RecordThreadHeader(start + 10, 12);
        recorder.ServerSource = "header";
        var result = recorder.ToResult(Description, 3, 3.5, [50, 99, 99.9]);
        result.Thresholds = [Threshold.Parse("p99 < 500ms").Evaluate(result)];
        return result;
    }

    private static LoadReport Report(ScenarioResult scenario) => new()
    {
        Command = "run",
        StartedAt = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero),
        Hosts = ["test"],
        Scenarios = [scenario],
    };
}
