using System.Text.Json.Serialization;

namespace WebDemo.Load.Results;

// The JSON results file (results.json): a stable, documented schema (docs in the README, "Load testing"), read back
// by `merge`. Add fields freely; renaming or removing one means a new Schema value. The schema's parts: ScenarioResult,
// RequestCounts, HistogramData, BystanderResult, ServerSummary, SecondSample, MachineInfo, and the API's own
// ServerConfiguration (WebDemo.Embedding.Diagnostics: one type for both ends).

/// <summary>Everything one run (or a merge of runs) measured.</summary>
public sealed class LoadReport
{
    public const string CurrentSchema = "webdemo-load/1";

    public string Schema { get; set; } = CurrentSchema;

    /// <summary><c>run</c>, <c>compare</c> or <c>merge</c>.</summary>
    public required string Command { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Machines whose measurements are in this file: 1 for a run, N after merging N files.</summary>
    public int Machines { get; set; } = 1;

    public List<string> Hosts { get; set; } = [];

    /// <summary>The machine the load tool ran on (after a merge: the first file's).</summary>
    public MachineInfo? Machine { get; set; }

    /// <summary>The command that reproduces this run, e.g. <c>dotnet run --project load/WebDemo.Load -c Release -- compare ...</c>.</summary>
    public string? CommandLine { get; set; }

    public List<ScenarioResult> Scenarios { get; set; } = [];

    /// <summary>True when every threshold of every scenario passed.</summary>
    [JsonIgnore]
    public bool Passed => Scenarios.All(scenario => scenario.Thresholds.All(threshold => threshold.Passed));
}
