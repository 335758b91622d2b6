using System.Collections.Concurrent;

namespace WebDemo.Api.Embeddings;

/// <summary>Counts requests abandoned by their clients, per strategy: proof that async waits stop when the client goes.</summary>
public sealed class ClientDisconnects
{
    private readonly ConcurrentDictionary<string, long> _byStrategy = new(StringComparer.Ordinal);

    public void Record(string strategy) => _byStrategy.AddOrUpdate(strategy, 1, static (_, count) => count + 1);

    public long CountFor(string strategy) => _byStrategy.TryGetValue(strategy, out var count) ? count : 0;
}
