using WebDemo.Load.Results;

namespace WebDemo.Load.Engine;

/// <summary>What the live console shows.</summary>
/// <param name="LastSecondRequests">Requests completed in the last full second.</param>
/// <param name="P50Microseconds">Median latency of the run so far; null until a request has completed.</param>
/// <param name="P99Microseconds">99th percentile of the run so far; null until a request has completed.</param>
public sealed record LiveStatus(
    RunPhase Phase, TimeSpan Elapsed, TimeSpan Length, long Ok, long Failed, long Dropped, long Errors, long InFlight,
    long LastSecondRequests, double? P50Microseconds, double? P99Microseconds, ServerSnapshot? Server);
