using System.Globalization;
using System.Text.Json.Serialization;
using WebDemo.Load.Measurement;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Results;

// The JSON results file (results.json): a stable, documented schema (docs in the README, "Load testing"), read back
// by `merge`. Add fields freely; renaming or removing one means a new Schema value.

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

public sealed class ScenarioResult
{
    /// <summary>The scenario's name: the strategy (e.g. <c>async</c>) or the custom path.</summary>
    public required string Name { get; set; }

    public required string Target { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    /// <summary><c>open</c>, <c>closed</c> or <c>mixed</c>.</summary>
    public required string Model { get; set; }

    /// <summary>The chained load simulations in the command-line syntax, e.g. <c>keep-constant(200, 25s)</c>.</summary>
    public required string Simulations { get; set; }

    public double WarmUpSeconds { get; set; }

    /// <summary>Length of the load window (the simulations); RPS is computed over it, as wrk does.</summary>
    public double DurationSeconds { get; set; }

    /// <summary>The load window plus the wait for the last outstanding responses; the time series covers all of it.</summary>
    public double MeasuredSeconds { get; set; }

    public List<double> Percentiles { get; set; } = [];

    /// <summary>What sent the requests: <c>raw HTTP/1.1</c> (the CLI's fixed requests) or <c>HttpClient</c> (code scenarios, https).</summary>
    public string? Client { get; set; }

    /// <summary>The server's <c>GET /diagnostics/configuration</c> when it has one: backend, latency, in-flight limit, machine.</summary>
    public ServerConfiguration? ServerConfiguration { get; set; }

    public RequestCounts Requests { get; set; } = new();

    /// <summary>Latency of successful requests from their intended start (coordinated-omission corrected).</summary>
    public HistogramData Latency { get; set; } = new();

    /// <summary>Latency of successful requests from their actual start (what an uncorrected client reports).</summary>
    public HistogramData ServiceTime { get; set; } = new();

    /// <summary>How late each request actually started compared with its schedule (open model; 0 in closed).</summary>
    public HistogramData StartDelay { get; set; } = new();

    public BystanderResult Bystander { get; set; } = new();

    public ServerSummary Server { get; set; } = new();

    public List<SecondSample> TimeSeries { get; set; } = [];

    public List<ThresholdResult> Thresholds { get; set; } = [];

    /// <summary>Requests (ok and failed) completed per second within the load window.</summary>
    [JsonIgnore]
    public double Rps => PerSecondInWindow(sample => sample.Requests);

    /// <summary>Successful requests completed per second within the load window.</summary>
    [JsonIgnore]
    public double OkRps => PerSecondInWindow(sample => sample.Ok);

    /// <summary>Failed ÷ (ok + failed + dropped), in percent.</summary>
    [JsonIgnore]
    public double FailRatePercent
    {
        get
        {
            var all = Requests.Ok + Requests.Failed + Requests.Dropped;
            return all == 0 ? 0 : 100.0 * (Requests.Failed + Requests.Dropped) / all;
        }
    }

    /// <summary>One line a person can read in a CI log.</summary>
    public string Verdict()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Name}: {OkRps:0} req/s, p99 {Humanize(Latency.Histogram().ValueAtPercentile(99))}, " +
            $"health p99 {Humanize(Bystander.Latency.Histogram().ValueAtPercentile(99))}, threads {(Server.MaxThreads is { } threads ? threads.ToString(CultureInfo.InvariantCulture) : "n/a")}");
        if (Requests.Failed + Requests.Dropped > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {FailRatePercent:0.#}% failed");
        }
        var violated = Thresholds.Where(threshold => !threshold.Passed).Select(threshold => threshold.Expression).ToList();
        return violated.Count == 0 ? text : $"{text} — FAILED {string.Join(", ", violated)}";
    }

    private static string Humanize(double microseconds) => DurationText.Humanize(microseconds);

    private double PerSecondInWindow(Func<SecondSample, long> count)
    {
        if (DurationSeconds <= 0)
        {
            return 0;
        }
        var window = (int)Math.Ceiling(DurationSeconds - 1e-6);
        return TimeSeries.Where(sample => sample.Second < window).Sum(count) / DurationSeconds;
    }
}

public sealed class RequestCounts
{
    /// <summary>Requests sent (ok + failed); dropped injections were never sent.</summary>
    public long Total { get; set; }

    public long Ok { get; set; }

    public long Failed { get; set; }

    /// <summary>Open model: injections skipped because the outstanding-request cap was reached (k6's dropped_iterations).</summary>
    public long Dropped { get; set; }

    public long BytesSent { get; set; }

    public long BytesReceived { get; set; }

    /// <summary>Responses by HTTP status code.</summary>
    public SortedDictionary<string, long> StatusCodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Failures by kind: <c>timeout</c>, <c>connection-refused</c>, <c>connection-reset</c>, <c>http-503</c>, ...</summary>
    public SortedDictionary<string, long> Errors { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A <see cref="LatencyHistogram"/> on disk: exact count, min, max and sum; buckets as [lowest µs, count] pairs.</summary>
public sealed class HistogramData
{
    public string Unit { get; set; } = "us";

    public long Count { get; set; }

    public long Min { get; set; }

    public long Max { get; set; }

    public long Sum { get; set; }

    /// <summary>For people reading the file (milliseconds, e.g. "p99": 107.3); <c>merge</c> recomputes them from the buckets.</summary>
    public SortedDictionary<string, double>? PercentilesMs { get; set; }

    public List<long[]> Buckets { get; set; } = [];

    public static HistogramData From(LatencyHistogram histogram, IEnumerable<double>? percentiles = null) => new()
    {
        Count = histogram.Count,
        Min = histogram.MinMicroseconds,
        Max = histogram.MaxMicroseconds,
        Sum = histogram.SumMicroseconds,
        PercentilesMs = percentiles is null ? null : new SortedDictionary<string, double>(
            percentiles.ToDictionary(PercentileName, p => Math.Round(histogram.ValueAtPercentile(p) / 1000, 3)), StringComparer.Ordinal),
        Buckets = [.. histogram.Buckets().Select(bucket => new[] { bucket.LowestMicroseconds, bucket.Count })],
    };

    public LatencyHistogram Histogram() =>
        LatencyHistogram.FromBuckets(Buckets.Select(pair => (pair[0], pair[1])), Min, Max, Sum);

    public static string PercentileName(double percentile) => "p" + percentile.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The bystander: <c>GET /health/live</c> at a fixed low rate during the scenario — what everyone else sees.</summary>
public sealed class BystanderResult
{
    public string Path { get; set; } = "/health/live";

    public double RatePerSecond { get; set; }

    public long Requests { get; set; }

    public long Failed { get; set; }

    /// <summary>Latency from each probe's intended start.</summary>
    public HistogramData Latency { get; set; } = new();
}

/// <summary>What the server's thread pool did: from <c>/diagnostics/threadpool</c>, or the <c>x-threadpool-threads</c> header.</summary>
public sealed class ServerSummary
{
    /// <summary><c>diagnostics</c>, <c>header</c> or <c>none</c>.</summary>
    public string Source { get; set; } = "none";

    public int? MaxThreads { get; set; }

    public int? ThreadsAtEnd { get; set; }

    public long? MaxQueueLength { get; set; }

    public double? MaxSchedulingDelayMs { get; set; }

    /// <summary>Thread injections by the starvation and cooperative-blocking heuristics during the scenario.</summary>
    public long? StarvationEvents { get; set; }

    /// <summary>The server's backend (Simulated, Http, Local) when it reports one.</summary>
    public string? Backend { get; set; }

    /// <summary>The server process's CPU use over the scenario, % of all cores (mean and highest second).</summary>
    public double? MeanCpuPercent { get; set; }

    public double? MaxCpuPercent { get; set; }
}

/// <summary>One second of measured time; the client's numbers and the server's sample for the same second.</summary>
public sealed class SecondSample
{
    public int Second { get; set; }

    /// <summary>Requests that completed (ok or failed) in this second.</summary>
    public long Requests { get; set; }

    public long Ok { get; set; }

    public long Failed { get; set; }

    public long Dropped { get; set; }

    /// <summary>Requests outstanding when the second ended.</summary>
    public long InFlight { get; set; }

    public double P50Ms { get; set; }

    public double P99Ms { get; set; }

    public double MaxMs { get; set; }

    /// <summary>Latency of the successful requests that completed in this second (for exact merging).</summary>
    public HistogramData Latency { get; set; } = new();

    public long BystanderRequests { get; set; }

    public double? BystanderMaxMs { get; set; }

    public int? ServerThreads { get; set; }

    public long? QueueLength { get; set; }

    public double? SchedulingDelayMs { get; set; }

    public double? SchedulingDelayMaxMs { get; set; }

    /// <summary>Cumulative starvation + cooperative-blocking injections the server reported so far.</summary>
    public long? StarvationEvents { get; set; }

    /// <summary>The server process's CPU use in this second, % of all cores.</summary>
    public double? CpuPercent { get; set; }
}

public sealed record ThresholdResult(string Expression, double Actual, bool Passed);

/// <summary>A machine: cores, memory, operating system and .NET runtime.</summary>
public sealed class MachineInfo
{
    public int ProcessorCount { get; set; }

    public long MemoryBytes { get; set; }

    public string Os { get; set; } = "";

    public string Runtime { get; set; } = "";

    public static MachineInfo Current() => new()
    {
        ProcessorCount = Environment.ProcessorCount,
        MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ProcessorCount} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB, {Os}, {Runtime}");
}

/// <summary>The API's <c>GET /diagnostics/configuration</c> body (the fields a report shows).</summary>
public sealed class ServerConfiguration
{
    public MachineInfo? Machine { get; set; }

    public string Backend { get; set; } = "";

    public int? LatencyMs { get; set; }

    public double? PerInputLatencyMs { get; set; }

    public int? JitterMs { get; set; }

    public string? UpstreamUrl { get; set; }

    public int? MaxInFlightInputs { get; set; }

    public int? MaxBatchInputs { get; set; }
}
