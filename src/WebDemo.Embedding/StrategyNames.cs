namespace WebDemo.Embedding;

/// <summary>
/// The strategies as a client sees them: a name and the route <c>POST /embeddings/{name}</c>. The API's strategy table
/// (<c>WebDemo.Api/Embeddings/Strategies/StrategyTable.cs</c>) gives each its handler and teaching text, in this order
/// (a test holds the two in step); the load tool calls these routes.
/// </summary>
public static class StrategyNames
{
    public const string Blocking = "blocking";
    public const string Offloaded = "offloaded";
    public const string SyncOverAsync = "sync-over-async";
    public const string Async = "async";
    public const string Batched = "batched";

    /// <summary>Every strategy, from the worst under load to the fix.</summary>
    public static IReadOnlyList<string> All { get; } = [Blocking, Offloaded, SyncOverAsync, Async, Batched];

    /// <summary>The route a strategy is served at.</summary>
    public static string RouteOf(string name) => $"/embeddings/{name}";
}
