namespace WebDemo.Api.Embeddings.Strategies;

/// <summary>The five strategies, side by side, in the order of <see cref="WebDemo.Embedding.StrategyNames.All"/>.</summary>
public static class StrategyTable
{
    public static IReadOnlyList<EmbeddingStrategy> All { get; } =
    [
        BlockingStrategy.Definition,
        OffloadedStrategy.Definition,
        SyncOverAsyncStrategy.Definition,
        AsyncStrategy.Definition,
        BatchedStrategy.Definition,
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(strategy => strategy.Name)];
}
