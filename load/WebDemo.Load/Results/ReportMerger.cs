using WebDemo.Embedding.Measurement;
using WebDemo.Load.Measurement;
using WebDemo.Load.Thresholds;

namespace WebDemo.Load.Results;

/// <summary>
/// Combines results files of the same scenarios run on several machines at once (compose <c>--scale</c>, a Kubernetes
/// Job): counts add up, histograms merge exactly (bucket by bucket), time series merge second by second, and the
/// thresholds are judged again on the combined numbers.
/// </summary>
public static class ReportMerger
{
    public static LoadReport Merge(IReadOnlyList<LoadReport> reports)
    {
        if (reports.Count == 0)
        {
            throw new ArgumentException("Nothing to merge.", nameof(reports));
        }
        var names = reports.SelectMany(report => report.Scenarios.Select(scenario => scenario.Name)).Distinct(StringComparer.Ordinal);
        return new LoadReport
        {
            Command = "merge",
            StartedAt = reports.Min(report => report.StartedAt),
            Machines = reports.Sum(report => report.Machines),
            Hosts = [.. reports.SelectMany(report => report.Hosts).Distinct(StringComparer.Ordinal)],
            Machine = reports[0].Machine,
            Scenarios = [.. names.Select(name => MergeScenario([.. reports.SelectMany(report => report.Scenarios).Where(scenario => scenario.Name == name)]))],
        };
    }

    private static ScenarioResult MergeScenario(IReadOnlyList<ScenarioResult> parts)
    {
        var first = parts[0];
        var percentiles = first.Percentiles;
        var merged = new ScenarioResult
        {
            Name = first.Name,
            Target = first.Target,
            Method = first.Method,
            Path = first.Path,
            Model = first.Model,
            Simulations = first.Simulations,
            WarmUpSeconds = first.WarmUpSeconds,
            DurationSeconds = parts.Max(part => part.DurationSeconds),
            MeasuredSeconds = parts.Max(part => part.MeasuredSeconds),
            Percentiles = [.. percentiles],
            Client = first.Client,
            Stage = first.Stage,
            ServerThreadsAtStart = first.ServerThreadsAtStart,
            ServerConfiguration = first.ServerConfiguration,
            Requests = new RequestCounts
            {
                Total = parts.Sum(part => part.Requests.Total),
                Ok = parts.Sum(part => part.Requests.Ok),
                Failed = parts.Sum(part => part.Requests.Failed),
                Dropped = parts.Sum(part => part.Requests.Dropped),
                BytesSent = parts.Sum(part => part.Requests.BytesSent),
                BytesReceived = parts.Sum(part => part.Requests.BytesReceived),
                StatusCodes = Sum(parts.Select(part => part.Requests.StatusCodes)),
                Errors = Sum(parts.Select(part => part.Requests.Errors)),
            },
            Latency = Merge(parts.Select(part => part.Latency), percentiles),
            ServiceTime = Merge(parts.Select(part => part.ServiceTime), percentiles),
            StartDelay = Merge(parts.Select(part => part.StartDelay), percentiles),
            Bystander = new BystanderResult
            {
                Path = first.Bystander.Path,
                RatePerSecond = parts.Sum(part => part.Bystander.RatePerSecond),
                Requests = parts.Sum(part => part.Bystander.Requests),
                Failed = parts.Sum(part => part.Bystander.Failed),
                Latency = Merge(parts.Select(part => part.Bystander.Latency), percentiles),
            },
            TimeSeries = MergeSeries(parts),
        };
        merged.Server = ServerSummaries.From(first.Server.Source, merged.TimeSeries);
        merged.Thresholds = [.. first.Thresholds.Select(threshold => Threshold.Parse(threshold.Expression).Evaluate(merged))];
        return merged;
    }

    private static List<SecondSample> MergeSeries(IReadOnlyList<ScenarioResult> parts) =>
        [.. parts.SelectMany(part => part.TimeSeries).GroupBy(sample => sample.Second).OrderBy(group => group.Key).Select(group =>
        {
            var latency = MergeHistograms(group.Select(sample => sample.Latency));
            return new SecondSample
            {
                Second = group.Key,
                Requests = group.Sum(sample => sample.Requests),
                Ok = group.Sum(sample => sample.Ok),
                Failed = group.Sum(sample => sample.Failed),
                Dropped = group.Sum(sample => sample.Dropped),
                InFlight = group.Sum(sample => sample.InFlight),
                P50Ms = Math.Round(latency.ValueAtPercentile(50) / 1000, 3),
                P99Ms = Math.Round(latency.ValueAtPercentile(99) / 1000, 3),
                MaxMs = Math.Round(latency.MaxMicroseconds / 1000.0, 3),
                Latency = HistogramData.From(latency),
                BystanderRequests = group.Sum(sample => sample.BystanderRequests),
                BystanderMaxMs = group.Max(sample => sample.BystanderMaxMs),
                ServerThreads = group.Max(sample => sample.ServerThreads),
                QueueLength = group.Max(sample => sample.QueueLength),
                SchedulingDelayMs = group.Max(sample => sample.SchedulingDelayMs),
                SchedulingDelayMaxMs = group.Max(sample => sample.SchedulingDelayMaxMs),
                StarvationEvents = group.Max(sample => sample.StarvationEvents),
            };
        })];

    private static HistogramData Merge(IEnumerable<HistogramData> parts, IEnumerable<double> percentiles) =>
        HistogramData.From(MergeHistograms(parts), percentiles);

    private static LatencyHistogram MergeHistograms(IEnumerable<HistogramData> parts)
    {
        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Add(part.Histogram());
        }
        return merged;
    }

    private static SortedDictionary<string, long> Sum(IEnumerable<SortedDictionary<string, long>> dictionaries)
    {
        var sum = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in dictionaries.SelectMany(dictionary => dictionary))
        {
            sum[key] = sum.GetValueOrDefault(key) + value;
        }
        return sum;
    }
}
