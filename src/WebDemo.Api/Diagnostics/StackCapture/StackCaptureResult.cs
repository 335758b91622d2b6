namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>A capture: every managed thread's stack at one moment, pool threads grouped by what holds them.</summary>
/// <param name="Id">Increases by one per capture; <c>GET /diagnostics/stacks/{id}</c> returns it while it is kept.</param>
/// <param name="CapturedAt">When the capture started (UTC).</param>
/// <param name="Trigger"><c>automatic</c> (the scheduling delay crossed the threshold) or <c>on-demand</c>.</param>
/// <param name="SchedulingDelayMs">The scheduling delay when the capture started, ms.</param>
/// <param name="ThreadPoolThreads">Thread-pool threads that existed (ThreadPool.ThreadCount).</param>
/// <param name="QueuedWorkItems">Work items waiting for a pool thread.</param>
/// <param name="InFlightRequests">Requests inside each strategy when the capture started.</param>
/// <param name="SampledPoolThreads">Pool worker threads the sampler saw.</param>
/// <param name="IdlePoolThreads">Of those, the ones waiting for work.</param>
/// <param name="OtherThreads">Managed threads that are not pool workers (Kestrel's socket engine, timers, the probe…), the capture's own excluded.</param>
/// <param name="WallMs">How long the capture took, sampling window and rundown included, ms.</param>
/// <param name="CpuMs">CPU time the whole process used meanwhile, ms: an upper bound of the capture's own cost.</param>
/// <param name="Chains">Busy pool threads grouped by call chain, most threads first.</param>
public sealed record StackCaptureResult(
    long Id,
    DateTimeOffset CapturedAt,
    string Trigger,
    double SchedulingDelayMs,
    int ThreadPoolThreads,
    long QueuedWorkItems,
    IReadOnlyDictionary<string, int> InFlightRequests,
    int SampledPoolThreads,
    int IdlePoolThreads,
    int OtherThreads,
    double WallMs,
    double CpuMs,
    IReadOnlyList<CallChain> Chains)
{
    public const string Automatic = "automatic";
    public const string OnDemand = "on-demand";
}
