using System.Numerics;

namespace WebDemo.Embedding.Measurement;

/// <summary>
/// The one latency histogram of the project: the load tool's measurements (and results.json) and the API's recent
/// latencies per strategy (<c>/diagnostics/threadpool</c>) both record into it, so a p99 means the same thing in both.
/// A log-linear histogram of durations in microseconds, in the spirit of HdrHistogram (its NuGet package, 2.5.0, is an
/// old netstandard1.3 build; this one fits the results.json schema and is lock-free):
/// exact below 128 µs, then 64 equal buckets per power of two, so any recorded value is reported within 1/128
/// (0.78 %) of itself — from 1 µs to about 19 hours — in constant memory whatever the request rate. Recording is
/// lock-free; histograms merge by adding counts, which is what makes results from several machines, or several
/// seconds, combinable.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Values below this are counted exactly, one bucket per microsecond.</summary>
    private const int LinearLimit = 128;
    private const int SubBucketBits = 6;
    private const int SubBucketCount = 1 << SubBucketBits;

    /// <summary>The largest trackable value (2^36 µs ≈ 19 h); longer durations are clamped to it.</summary>
    public const long MaxTrackableMicroseconds = (1L << 36) - 1;

    internal static readonly int BucketCount = IndexOf(MaxTrackableMicroseconds) + 1;

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max;

    public long Count => Volatile.Read(ref _count);

    /// <summary>Sum of all recorded values, in microseconds (exact).</summary>
    public long SumMicroseconds => Volatile.Read(ref _sum);

    /// <summary>Smallest recorded value in microseconds (exact), 0 when empty.</summary>
    public long MinMicroseconds => Count == 0 ? 0 : Volatile.Read(ref _min);

    /// <summary>Largest recorded value in microseconds (exact).</summary>
    public long MaxMicroseconds => Volatile.Read(ref _max);

    public double MeanMicroseconds => Count == 0 ? 0 : (double)SumMicroseconds / Count;

    public void Record(TimeSpan duration) => Record(duration.Ticks / TimeSpan.TicksPerMicrosecond);

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, MaxTrackableMicroseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        Atomic.Min(ref _min, value);
        Atomic.Max(ref _max, value);
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of recorded values fall, in microseconds.</summary>
    public double ValueAtPercentile(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }
        if (percentile >= 100)
        {
            return MaxMicroseconds;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (var index = 0; index < _counts.Length; index++)
        {
            seen += Volatile.Read(ref _counts[index]);
            if (seen >= rank)
            {
                // The bucket's midpoint is within half a bucket width of every value in it; the exact
                // extremes bound it so p0/p100 are never reported outside what was recorded.
                return Math.Clamp(MidpointOf(index), MinMicroseconds, MaxMicroseconds);
            }
        }
        return MaxMicroseconds;
    }

    public TimeSpan DurationAtPercentile(double percentile) =>
        TimeSpan.FromTicks((long)(ValueAtPercentile(percentile) * TimeSpan.TicksPerMicrosecond));

    /// <summary>Empties the histogram, to record afresh (not atomic: the caller makes sure nobody records meanwhile).</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        (_count, _sum, _min, _max) = (0, 0, long.MaxValue, 0);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var index = 0; index < _counts.Length; index++)
        {
            var count = Volatile.Read(ref other._counts[index]);
            if (count != 0)
            {
                Interlocked.Add(ref _counts[index], count);
            }
        }
        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sum, other.SumMicroseconds);
        if (other.Count > 0)
        {
            Atomic.Min(ref _min, other.MinMicroseconds);
            Atomic.Max(ref _max, other.MaxMicroseconds);
        }
    }

    /// <summary>Non-empty buckets as (lowest value of the bucket in µs, count), lowest first — the serialized form.</summary>
    public IEnumerable<(long LowestMicroseconds, long Count)> Buckets()
    {
        for (var index = 0; index < _counts.Length; index++)
        {
            var count = Volatile.Read(ref _counts[index]);
            if (count != 0)
            {
                yield return (LowestOf(index), count);
            }
        }
    }

    /// <summary>Rebuilds a histogram from its serialized form (see <see cref="Buckets"/>).</summary>
    public static LatencyHistogram FromBuckets(IEnumerable<(long LowestMicroseconds, long Count)> buckets, long min, long max, long sum)
    {
        var histogram = new LatencyHistogram();
        foreach (var (lowest, count) in buckets)
        {
            histogram._counts[IndexOf(Math.Clamp(lowest, 0, MaxTrackableMicroseconds))] += count;
            histogram._count += count;
        }
        if (histogram._count > 0)
        {
            histogram._min = min;
            histogram._max = max;
            histogram._sum = sum;
        }
        return histogram;
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }
        // value = 1xxxxxx... in binary: keep its top 7 bits (the leading 1 and 6 more), drop the rest.
        var shift = BitOperations.Log2((ulong)value) - SubBucketBits;
        var subBucket = (int)(value >> shift) - SubBucketCount;
        return LinearLimit + ((shift - 1) * SubBucketCount) + subBucket;
    }

    internal static long LowestOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }
        var shift = ((index - LinearLimit) / SubBucketCount) + 1;
        var subBucket = (index - LinearLimit) % SubBucketCount;
        return (long)(SubBucketCount + subBucket) << shift;
    }

    private static double MidpointOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }
        var shift = ((index - LinearLimit) / SubBucketCount) + 1;
        return LowestOf(index) + (((1L << shift) - 1) / 2.0);
    }
}
