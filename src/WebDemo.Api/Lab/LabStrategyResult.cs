namespace WebDemo.Api.Lab;

/// <summary>One strategy's row of the lab's side-by-side table, as the load tool measured it.</summary>
/// <param name="PoolThreadsAtStart">The API's pool when this strategy's load began: the fairness check (it should not inherit threads).</param>
/// <param name="PoolThreadsMax">The most pool threads during its load.</param>
/// <param name="WorstSchedulingDelayMs">The longest a work item waited for a pool thread during its load.</param>
public sealed record LabStrategyResult(
    string Strategy,
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    double HealthP99Ms,
    long Ok,
    long Failed,
    int? PoolThreadsAtStart,
    int? PoolThreadsMax,
    double? WorstSchedulingDelayMs);
