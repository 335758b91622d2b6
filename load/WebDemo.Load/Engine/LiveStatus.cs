using WebDemo.Load.Results;

namespace WebDemo.Load.Engine;

public enum RunPhase
{
    Starting,
    WarmUp,
    Running,
    Draining,
    Done,
}

/// <summary>What the live console shows.</summary>
public sealed record LiveStatus(
    RunPhase Phase, TimeSpan Elapsed, TimeSpan Length, long Ok, long Failed, long Dropped, long Errors, long InFlight,
    long LastSecondRequests, double P50Microseconds, double P99Microseconds, ServerSnapshot? Server);
