using System.Globalization;
using System.Text.Json.Serialization;
using WebDemo.Embedding.Diagnostics;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

/// <summary>What one scenario measured: its load, counts, latency histograms, the bystander, the server and each second.</summary>
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

    /// <summary>
    /// The stage this scenario ran in (1, 2, ...): scenarios of one stage ran at the same time, against one server. A
    /// comparison's ratios need each scenario in a stage of its own (see <c>Comparison</c>). Null in older files.
    /// </summary>
    public int? Stage { get; set; }

    /// <summary>The server's thread-pool size just before the load began (WebDemo's <c>/diagnostics/threadpool</c>).</summary>
    public int? ServerThreadsAtStart { get; set; }

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
