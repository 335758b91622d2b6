namespace WebDemo.Api.Embeddings.Statistics;

/// <summary>
/// Request latencies of the last few seconds, for the live numbers of <c>/diagnostics/threadpool</c> (rate, p50, p99).
/// One slot of log-scaled buckets per second (≈1 % relative error, constant memory whatever the request rate);
/// a snapshot merges the slots of the last <see cref="WindowSeconds"/> completed seconds.
/// </summary>
public sealed class RecentLatencies(TimeProvider timeProvider)
{
    public const int WindowSeconds = 5;
    private const double Growth = 1.02;          // bucket i holds values up to MinMs × Growth^i
    private const double MinMs = 0.01;
    private const int BucketCount = 1200;         // up to MinMs × 1.02^1200 ≈ 2 × 10^8 ms
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly Lock _lock = new();
    private readonly Slot[] _slots = [.. Enumerable.Range(0, WindowSeconds + 1).Select(_ => new Slot())];

    public void Record(TimeSpan latency)
    {
        var second = CurrentSecond();
        var index = BucketOf(latency.TotalMilliseconds);
        lock (_lock)
        {
            var slot = _slots[second % _slots.Length];
            if (slot.Second != second)
            {
                slot.Reset(second);
            }
            slot.Counts[index]++;
            slot.Total++;
        }
    }

    /// <summary>Requests per second, median and 99th percentile (ms) over the last <see cref="WindowSeconds"/> whole seconds.</summary>
    public (double RequestsPerSecond, double P50Ms, double P99Ms) Snapshot()
    {
        var current = CurrentSecond();
        var merged = new long[BucketCount];
        long total = 0;
        lock (_lock)
        {
            foreach (var slot in _slots)
            {
                // The current second is still filling up; the window is the seconds before it.
                if (slot.Second < current && slot.Second >= current - WindowSeconds && slot.Total > 0)
                {
                    total += slot.Total;
                    for (var i = 0; i < BucketCount; i++)
                    {
                        merged[i] += slot.Counts[i];
                    }
                }
            }
        }
        return total == 0
            ? (0, 0, 0)
            : ((double)total / WindowSeconds, Percentile(merged, total, 0.50), Percentile(merged, total, 0.99));
    }

    private long CurrentSecond() => timeProvider.GetUtcNow().ToUnixTimeSeconds();

    private static int BucketOf(double ms) =>
        ms <= MinMs ? 0 : Math.Min(BucketCount - 1, (int)Math.Ceiling(Math.Log(ms / MinMs) / LogGrowth));

    // The upper bound of the bucket holding the requested rank, rounded to what the buckets can tell apart.
    private static double Percentile(long[] counts, long total, double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Round(MinMs * Math.Pow(Growth, i), 3);
            }
        }
        return MinMs * Math.Pow(Growth, BucketCount - 1);
    }

    private sealed class Slot
    {
        public long Second { get; private set; } = long.MinValue;

        public long[] Counts { get; } = new long[BucketCount];

        public long Total { get; set; }

        public void Reset(long second)
        {
            Array.Clear(Counts);
            Total = 0;
            Second = second;
        }
    }
}
