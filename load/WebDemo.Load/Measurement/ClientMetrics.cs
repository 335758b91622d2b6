using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace WebDemo.Load.Measurement;

/// <summary>
/// The load tool's own measurements, live, for Prometheus (<c>--metrics-listen</c>): what the client saw per scenario —
/// requests by outcome, latency from each request's intended start (so coordinated omission shows), in flight, dropped
/// — to set beside the server's numbers on the Grafana dashboard's "client vs server" row.
/// </summary>
/// <remarks>Without <c>--metrics-listen</c> nothing listens to the meter and each record is a check of one flag.</remarks>
public static class ClientMetrics
{
    public const string MeterName = "WebDemo.Load";
    public const string ScenarioTag = "webdemo.scenario";

    // The server's strategy-duration buckets (seconds), with finer ones below 5 ms: a client p99 and a server p99 read
    // from the same boundaries compare like for like.
    private static readonly double[] LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 20, 30, 45, 60, 120];

    private static readonly Meter Meter = new(MeterName, typeof(ClientMetrics).Assembly.GetName().Version?.ToString());
    private static readonly ConcurrentDictionary<string, Func<long>> InFlightSources = new(StringComparer.Ordinal);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "webdemo.load.requests", unit: "{request}", description: "Requests the load tool completed, by scenario and outcome (ok or failed).");

    private static readonly Counter<long> DroppedRequests = Meter.CreateCounter<long>(
        "webdemo.load.dropped", unit: "{request}",
        description: "Open model: requests the load tool did not send because too many were outstanding (k6's dropped_iterations).");

    private static readonly Histogram<double> Latency = Meter.CreateHistogram(
        "webdemo.load.latency", unit: "s",
        description: "Latency of successful requests as the client measured it, from each request's intended start (coordinated-omission corrected).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    static ClientMetrics() => Meter.CreateObservableGauge(
        "webdemo.load.in_flight", () => InFlightSources.Select(source => new Measurement<long>(source.Value(), Scenario(source.Key))),
        unit: "{request}", description: "Requests the load tool has sent and not yet seen answered, by scenario.");

    /// <summary>The tag every measurement of <paramref name="scenario"/> carries.</summary>
    public static KeyValuePair<string, object?> Scenario(string scenario) => new(ScenarioTag, scenario);

    public static void RecordOk(KeyValuePair<string, object?> scenario, double latencySeconds)
    {
        Requests.Add(1, scenario, new KeyValuePair<string, object?>("outcome", "ok"));
        Latency.Record(latencySeconds, scenario);
    }

    public static void RecordFailed(KeyValuePair<string, object?> scenario) =>
        Requests.Add(1, scenario, new KeyValuePair<string, object?>("outcome", "failed"));

    public static void RecordDropped(KeyValuePair<string, object?> scenario) => DroppedRequests.Add(1, scenario);

    /// <summary>
    /// Starts the scenario's series at zero (so a rate is 0, not missing, until something fails or is dropped) and
    /// reports <paramref name="inFlight"/> as its in-flight gauge until the result is disposed.
    /// </summary>
    public static IDisposable StartScenario(string scenario, Func<long> inFlight)
    {
        var tag = Scenario(scenario);
        Requests.Add(0, tag, new KeyValuePair<string, object?>("outcome", "ok"));
        Requests.Add(0, tag, new KeyValuePair<string, object?>("outcome", "failed"));
        DroppedRequests.Add(0, tag);
        InFlightSources[scenario] = inFlight;
        return new Untrack(scenario);
    }

    private sealed class Untrack(string scenario) : IDisposable
    {
        public void Dispose() => InFlightSources.TryRemove(scenario, out _);
    }
}
