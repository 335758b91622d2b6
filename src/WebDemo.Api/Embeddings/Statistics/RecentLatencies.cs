using WebDemo.Embedding.Measurement;

namespace WebDemo.Api.Embeddings.Statistics;

/// <summary>
/// Request latencies of the last few seconds, for the live numbers of <c>/diagnostics/threadpool</c> (rate, p50, p99):
/// one <see cref="LatencyHistogram"/> per second (the load tool's, so both report the same p99); a snapshot merges
/// the last <see cref="WindowSeconds"/> completed seconds.
/// </summary>
public sealed class RecentLatencies(TimeProvider timeProvider)
{
    public const int WindowSeconds = 5;

    private readonly Lock _lock = new();
    private readonly Slot[] _slots = [.. Enumerable.Range(0, WindowSeconds + 1).Select(_ => new Slot())];

    public void Record(TimeSpan latency)
    {
        var second = CurrentSecond();
        lock (_lock)
        {
            var slot = _slots[second % _slots.Length];
            if (slot.Second != second)
            {
                slot.Reset(second);
            }
            slot.Latencies.Record(latency);
        }
    }

    /// <summary>Requests per second, median and 99th percentile (ms) over the last <see cref="WindowSeconds"/> whole seconds.</summary>
    public (double RequestsPerSecond, double P50Ms, double P99Ms) Snapshot()
    {
        var current = CurrentSecond();
        var merged = new LatencyHistogram();
        lock (_lock)
        {
            foreach (var slot in _slots)
            {
                // The current second is still filling up; the window is the seconds before it.
                if (slot.Second < current && slot.Second >= current - WindowSeconds && slot.Latencies.Count > 0)
                {
                    merged.Add(slot.Latencies);
                }
            }
        }
        return merged.Count == 0
            ? (0, 0, 0)
            : ((double)merged.Count / WindowSeconds, Milliseconds(merged.ValueAtPercentile(50)), Milliseconds(merged.ValueAtPercentile(99)));
    }

    private long CurrentSecond() => timeProvider.GetUtcNow().ToUnixTimeSeconds();

    private static double Milliseconds(double microseconds) => Math.Round(microseconds / 1000, 3);

    private sealed class Slot
    {
        public long Second { get; private set; } = long.MinValue;

        public LatencyHistogram Latencies { get; } = new();

        public void Reset(long second)
        {
            Latencies.Clear();
            Second = second;
        }
    }
}
