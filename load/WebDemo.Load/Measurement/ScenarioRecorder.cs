using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using WebDemo.Embedding.Measurement;
using WebDemo.Load.Results;

namespace WebDemo.Load.Measurement;

/// <summary>
/// Collects one scenario's measurements while it runs: whole-run histograms, counters, and one bucket per second
/// (client numbers and the server's sample side by side). Every method is safe to call from many threads at once.
/// </summary>
public sealed class ScenarioRecorder
{
    private readonly SecondBucket[] _seconds;
    private readonly long[] _statusCodes = new long[600];
    private readonly ConcurrentDictionary<string, StrongBox<long>> _errors = new(StringComparer.Ordinal);
    private long _ok;
    private long _failed;
    private long _dropped;
    private long _bytesSent;
    private long _bytesReceived;
    private long _bystanderRequests;
    private long _bystanderFailed;

    private readonly KeyValuePair<string, object?> _scenario;

    public ScenarioRecorder(long startTimestamp, TimeSpan expectedLength, string scenario = "")
    {
        StartTimestamp = startTimestamp;
        _scenario = ClientMetrics.Scenario(scenario);
        _seconds = new SecondBucket[(int)Math.Ceiling(expectedLength.TotalSeconds) + 2];
        for (var second = 0; second < _seconds.Length; second++)
        {
            _seconds[second] = new SecondBucket();
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp second 0 starts at.</summary>
    public long StartTimestamp { get; }

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram ServiceTime { get; } = new();

    public LatencyHistogram StartDelay { get; } = new();

    public LatencyHistogram BystanderLatency { get; } = new();

    public long Ok => Volatile.Read(ref _ok);

    public long Failed => Volatile.Read(ref _failed);

    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Where the server numbers come from: <c>diagnostics</c>, <c>header</c> or <c>none</c>.</summary>
    public string ServerSource { get; set; } = "none";

    /// <summary>The most recent server sample, for the live console.</summary>
    public ServerSnapshot? LatestServer { get; private set; }

    public void RecordResponse(int statusCode, long intendedStart, long actualStart, long end, long bytesSent, long bytesReceived)
    {
        Interlocked.Increment(ref _statusCodes[Math.Clamp(statusCode, 0, _statusCodes.Length - 1)]);
        Interlocked.Add(ref _bytesSent, bytesSent);
        Interlocked.Add(ref _bytesReceived, bytesReceived);
        if (statusCode is < 200 or > 399)
        {
            RecordFailure(StatusKinds.Of(statusCode), intendedStart, actualStart, end);
            return;
        }
        Interlocked.Increment(ref _ok);
        var latency = Microseconds(end - intendedStart);
        Latency.Record(latency);
        ClientMetrics.RecordOk(_scenario, latency / 1e6);
        ServiceTime.Record(Microseconds(end - actualStart));
        StartDelay.Record(Microseconds(actualStart - intendedStart));
        var bucket = BucketAt(end);
        Interlocked.Increment(ref bucket.Ok);
        bucket.Latency.Record(latency);
    }

    public void RecordFailure(string kind, long intendedStart, long actualStart, long end)
    {
        Interlocked.Increment(ref _failed);
        ClientMetrics.RecordFailed(_scenario);
        Interlocked.Increment(ref _errors.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);
        StartDelay.Record(Microseconds(actualStart - intendedStart));
        Interlocked.Increment(ref BucketAt(end).Failed);
    }

    public void RecordDropped(long intendedStart)
    {
        Interlocked.Increment(ref _dropped);
        ClientMetrics.RecordDropped(_scenario);
        Interlocked.Increment(ref BucketAt(intendedStart).Dropped);
    }

    public void RecordBystander(bool ok, long intendedStart, long end)
    {
        Interlocked.Increment(ref _bystanderRequests);
        if (!ok)
        {
            Interlocked.Increment(ref _bystanderFailed);
        }
        var latency = Microseconds(end - intendedStart);
        BystanderLatency.Record(latency);
        var bucket = BucketAt(end);
        Interlocked.Increment(ref bucket.BystanderRequests);
        Atomic.Max(ref bucket.BystanderMaxMicroseconds, latency);
    }

    public void RecordInFlight(long timestamp, long inFlight) => Volatile.Write(ref BucketAt(timestamp).InFlight, inFlight);

    public void RecordServer(long timestamp, ServerSnapshot snapshot)
    {
        BucketAt(timestamp).Server = snapshot;
        LatestServer = snapshot;
    }

    /// <summary>The thread count an embedding response carried in <c>x-threadpool-threads</c> (when there is no /diagnostics).</summary>
    public void RecordThreadHeader(long timestamp, int threads)
    {
        Atomic.Max(ref BucketAt(timestamp).HeaderThreads, threads);
        if (LatestServer is null || LatestServer.ThreadCount != threads)
        {
            LatestServer = new ServerSnapshot { ThreadCount = threads, FromHeader = true };
        }
    }

    private ServerSummary WithBackend(ServerSummary server)
    {
        server.Backend = LatestServer?.Backend;
        return server;
    }

    /// <summary>Requests completed in the last full second, for the live console.</summary>
    public long LastFullSecond(long now)
    {
        var index = SecondOf(now) - 1;
        return index < 0 ? 0 : Volatile.Read(ref _seconds[index].Ok) + Volatile.Read(ref _seconds[index].Failed);
    }

    public long ErrorCount => _errors.Values.Sum(box => Volatile.Read(ref box.Value));

    /// <summary>Everything recorded, in the results-file shape.</summary>
    /// <param name="loadSeconds">Length of the simulations: the window RPS is computed over.</param>
    /// <param name="measuredSeconds">Including the wait for the last responses: the time series covers it all.</param>
    public ScenarioResult ToResult(ScenarioDescription description, double loadSeconds, double measuredSeconds, IReadOnlyList<double> percentiles)
    {
        var seconds = Math.Clamp((int)Math.Ceiling(measuredSeconds - 1e-6), 1, _seconds.Length);
        var series = new List<SecondSample>(seconds);
        for (var second = 0; second < seconds; second++)
        {
            series.Add(_seconds[second].ToSample(second));
        }
        var statusCodes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var code = 0; code < _statusCodes.Length; code++)
        {
            if (_statusCodes[code] > 0)
            {
                statusCodes[code.ToString(CultureInfo.InvariantCulture)] = _statusCodes[code];
            }
        }
        return new ScenarioResult
        {
            Name = description.Name,
            Target = description.Target,
            Method = description.Method,
            Path = description.Path,
            Model = description.Model,
            Simulations = description.Simulations,
            WarmUpSeconds = description.WarmUp.TotalSeconds,
            DurationSeconds = Math.Round(loadSeconds, 3),
            MeasuredSeconds = Math.Round(measuredSeconds, 3),
            Percentiles = [.. percentiles],
            Requests = new RequestCounts
            {
                Ok = Ok,
                Failed = Failed,
                Total = Ok + Failed,
                Dropped = Dropped,
                BytesSent = Volatile.Read(ref _bytesSent),
                BytesReceived = Volatile.Read(ref _bytesReceived),
                StatusCodes = statusCodes,
                Errors = new SortedDictionary<string, long>(_errors.ToDictionary(pair => pair.Key, pair => pair.Value.Value), StringComparer.Ordinal),
            },
            Latency = HistogramData.From(Latency, percentiles),
            ServiceTime = HistogramData.From(ServiceTime, percentiles),
            StartDelay = HistogramData.From(StartDelay, percentiles),
            Bystander = new BystanderResult
            {
                Path = description.BystanderPath,
                RatePerSecond = description.BystanderRate,
                Requests = Volatile.Read(ref _bystanderRequests),
                Failed = Volatile.Read(ref _bystanderFailed),
                Latency = HistogramData.From(BystanderLatency, percentiles),
            },
            Server = WithBackend(ServerSummaries.From(ServerSource, series)),
            TimeSeries = series,
        };
    }

    private SecondBucket BucketAt(long timestamp) => _seconds[SecondOf(timestamp)];

    private int SecondOf(long timestamp) =>
        (int)Math.Clamp((timestamp - StartTimestamp) / Stopwatch.Frequency, 0, _seconds.Length - 1);

    internal static long Microseconds(long stopwatchTicks) => Math.Max(0, stopwatchTicks) * 1_000_000 / Stopwatch.Frequency;

    private sealed class SecondBucket
    {
        public readonly LatencyHistogram Latency = new();
        public long Ok;
        public long Failed;
        public long Dropped;
        public long InFlight;
        public long BystanderRequests;
        public long BystanderMaxMicroseconds = -1;
        public long HeaderThreads = -1;
        public ServerSnapshot? Server;

        public SecondSample ToSample(int second) => new()
        {
            Second = second,
            Requests = Ok + Failed,
            Ok = Ok,
            Failed = Failed,
            Dropped = Dropped,
            InFlight = InFlight,
            P50Ms = Math.Round(Latency.ValueAtPercentile(50) / 1000, 3),
            P99Ms = Math.Round(Latency.ValueAtPercentile(99) / 1000, 3),
            MaxMs = Math.Round(Latency.MaxMicroseconds / 1000.0, 3),
            Latency = HistogramData.From(Latency),
            BystanderRequests = BystanderRequests,
            BystanderMaxMs = BystanderMaxMicroseconds < 0 ? null : Math.Round(BystanderMaxMicroseconds / 1000.0, 3),
            ServerThreads = Server?.ThreadCount ?? (HeaderThreads < 0 ? null : (int)HeaderThreads),
            QueueLength = Server?.QueueLength,
            SchedulingDelayMs = Server?.SchedulingDelayMs,
            SchedulingDelayMaxMs = Server?.SchedulingDelayMaxMs,
            StarvationEvents = Server?.StarvationEvents is { } events ? events.Starvation + events.CooperativeBlocking : null,
            CpuPercent = Server?.CpuPercent,
        };
    }
}

internal static class StatusKinds
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 600).Select(code => $"http-{code}")];

    public static string Of(int statusCode) => Names[Math.Clamp(statusCode, 0, Names.Length - 1)];
}

internal static class ServerSummaries
{
    public static ServerSummary From(string source, IReadOnlyList<SecondSample> series)
    {
        var withThreads = series.Where(sample => sample.ServerThreads is not null).ToList();
        if (withThreads.Count == 0)
        {
            return new ServerSummary { Source = "none" };
        }
        var withEvents = series.Where(sample => sample.StarvationEvents is not null).ToList();
        return new ServerSummary
        {
            Source = source,
            MaxThreads = withThreads.Max(sample => sample.ServerThreads),
            ThreadsAtEnd = withThreads[^1].ServerThreads,
            MaxQueueLength = series.Max(sample => sample.QueueLength),
            MaxSchedulingDelayMs = series.Max(sample => sample.SchedulingDelayMaxMs ?? sample.SchedulingDelayMs),
            StarvationEvents = withEvents.Count == 0 ? null : withEvents[^1].StarvationEvents - withEvents[0].StarvationEvents,
            MeanCpuPercent = series.Any(sample => sample.CpuPercent is not null)
                ? Math.Round(series.Where(sample => sample.CpuPercent is not null).Average(sample => sample.CpuPercent!.Value), 1)
                : null,
            MaxCpuPercent = series.Max(sample => sample.CpuPercent),
        };
    }
}
