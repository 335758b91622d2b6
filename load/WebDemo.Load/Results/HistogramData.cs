using System.Globalization;
using WebDemo.Embedding.Measurement;

namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

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
