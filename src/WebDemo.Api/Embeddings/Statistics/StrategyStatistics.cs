using System.Collections.Concurrent;
using System.Diagnostics;
using WebDemo.Api.Embeddings.Strategies;

namespace WebDemo.Api.Embeddings.Statistics;

/// <summary>
/// Per-strategy live numbers for <c>/diagnostics/threadpool</c> and the dashboard, and the strategy instruments of
/// <see cref="EmbeddingMetrics"/>: both are fed from here, by the embeddings pipeline filter.
/// </summary>
public sealed class StrategyStatistics(EmbeddingMetrics metrics, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A request entered a strategy; call <see cref="Completed"/> when it leaves.</summary>
    public void Started(string strategy)
    {
        var entry = EntryOf(strategy);
        Interlocked.Increment(ref entry.InFlight);
        metrics.StrategyActiveRequests.Add(1, new KeyValuePair<string, object?>(EmbeddingMetrics.StrategyTag, strategy));
    }

    /// <summary>A request left its strategy after <paramref name="duration"/> (measured from when the server began it).</summary>
    public void Completed(string strategy, TimeSpan duration, string? errorType)
    {
        var entry = EntryOf(strategy);
        Interlocked.Decrement(ref entry.InFlight);
        Interlocked.Increment(ref entry.Requests);
        entry.Latencies.Record(duration);
        var strategyTag = new KeyValuePair<string, object?>(EmbeddingMetrics.StrategyTag, strategy);
        metrics.StrategyActiveRequests.Add(-1, strategyTag);
        if (errorType is null)
        {
            metrics.StrategyRequestDuration.Record(duration.TotalSeconds, strategyTag);
        }
        else
        {
            metrics.StrategyRequestDuration.Record(duration.TotalSeconds, strategyTag, new("error.type", errorType));
        }
    }

    /// <summary>A request was refused with 429 before it entered the strategy.</summary>
    public void Rejected(string strategy) =>
        metrics.StrategyRejectedRequests.Add(1, new KeyValuePair<string, object?>(EmbeddingMetrics.StrategyTag, strategy));

    /// <summary>Every strategy of the table (so the dashboard and the load tool see all rows from the start), and any other seen.</summary>
    public IReadOnlyDictionary<string, StrategySnapshot> Snapshot()
    {
        foreach (var strategy in StrategyTable.Names)
        {
            EntryOf(strategy);
        }
        return _entries.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(
            pair => pair.Key,
            pair =>
            {
                var (rps, p50, p99) = pair.Value.Latencies.Snapshot();
                return new StrategySnapshot(
                    Volatile.Read(ref pair.Value.InFlight), Interlocked.Read(ref pair.Value.Requests), Math.Round(rps, 2), p50, p99);
            },
            StringComparer.Ordinal);
    }

    /// <summary>Requests inside each strategy right now (strategies with none left out).</summary>
    public IReadOnlyDictionary<string, int> InFlight() =>
        _entries.Where(pair => Volatile.Read(ref pair.Value.InFlight) > 0)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => Volatile.Read(ref pair.Value.InFlight), StringComparer.Ordinal);

    private Entry EntryOf(string strategy) => _entries.GetOrAdd(strategy, static (_, time) => new Entry(time), timeProvider);

    [DebuggerDisplay("{InFlight} in flight, {Requests} requests")]
    private sealed class Entry(TimeProvider timeProvider)
    {
        public int InFlight;
        public long Requests;

        public RecentLatencies Latencies { get; } = new(timeProvider);
    }
}
