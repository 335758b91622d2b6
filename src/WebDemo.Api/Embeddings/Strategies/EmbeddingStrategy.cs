namespace WebDemo.Api.Embeddings.Strategies;

/// <summary>
/// One row of the strategy table: everything the app says about a strategy, written once in the strategy's own file and
/// read by the route table, the OpenAPI document, the statistics, the diagnostics and the logs. It is also the endpoint
/// metadata that marks a route as a strategy.
/// </summary>
/// <param name="Name">The strategy's name in routes, headers, logs and metrics (<see cref="WebDemo.Embedding.StrategyNames"/>).</param>
/// <param name="OperationId">The OpenAPI operation id.</param>
/// <param name="Summary">One line for the OpenAPI summary.</param>
/// <param name="Teaches">What the strategy teaches: the OpenAPI description.</param>
/// <param name="Handler">The handler, mapped as <c>POST</c> <see cref="Route"/>.</param>
public sealed record EmbeddingStrategy(string Name, string OperationId, string Summary, string Teaches, Delegate Handler)
{
    public string Route => WebDemo.Embedding.StrategyNames.RouteOf(Name);
}
