namespace WebDemo.Api.Embeddings.Statistics;

/// <summary>One strategy's live numbers: requests inside it now, completed so far, and rate and percentiles of the last 5 s.</summary>
public sealed record StrategySnapshot(int InFlight, long Requests, double Rps, double P50Ms, double P99Ms);
