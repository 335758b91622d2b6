namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>Pool threads held by the same code.</summary>
/// <param name="Name">The chain on one line, leaf first: <c>Thread.Sleep ← SimulatedBackend.Embed ← BlockingStrategy.Handle</c>.</param>
/// <param name="Threads">Pool threads found in this chain for most of the sampling window.</param>
/// <param name="ApplicationCode">Whether the chain runs through application code (false: framework work, e.g. Kestrel's I/O).</param>
/// <param name="Frames">The chain's frames, leaf first; "…" stands for folded framework frames.</param>
/// <param name="ExampleStack">One of these threads' whole managed stack, leaf first.</param>
/// <param name="OsThreadIds">The OS thread ids (as <c>top -H</c> or <c>dotnet-stack</c> show them).</param>
public sealed record CallChain(
    string Name, int Threads, bool ApplicationCode, IReadOnlyList<ChainFrame> Frames, IReadOnlyList<string> ExampleStack, IReadOnlyList<int> OsThreadIds);

/// <summary>A frame of a call chain: its readable name, and whether it is the application's own code.</summary>
public sealed record ChainFrame(string Name, bool Application);

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

/// <summary>A kept capture without the full stacks, for the dashboard panel.</summary>
public sealed record StackCaptureSummary(
    long Id, DateTimeOffset CapturedAt, string Trigger, double SchedulingDelayMs, int ThreadPoolThreads, long QueuedWorkItems,
    int IdlePoolThreads, double WallMs, double CpuMs, IReadOnlyList<ChainSummary> TopChains);

/// <summary>A call chain and how many pool threads it holds.</summary>
public sealed record ChainSummary(string Name, int Threads, bool ApplicationCode, IReadOnlyList<ChainFrame> Frames);

/// <summary>Whether stack capture works in this process, and how it is set.</summary>
/// <param name="Enabled">StackCapture:Enabled.</param>
/// <param name="Available">Whether the process can sample itself (false when the runtime's diagnostic port is off).</param>
/// <param name="Reason">Why not, when it is off or unavailable.</param>
/// <param name="Automatic">Whether a starving pool triggers a capture.</param>
/// <param name="ThresholdMs">The scheduling delay that triggers one.</param>
/// <param name="MinIntervalSeconds">At most one automatic capture per this many seconds.</param>
/// <param name="Capturing">Whether a capture is running now.</param>
public sealed record StackCaptureStatus(
    bool Enabled, bool Available, string? Reason, bool Automatic, int ThresholdMs, int MinIntervalSeconds, bool Capturing);

/// <summary>The body of <c>GET /diagnostics/stacks/recent</c>: the feature's state and the kept captures, newest first.</summary>
public sealed record StackCaptureOverview(StackCaptureStatus Status, IReadOnlyList<StackCaptureSummary> Captures);

/// <summary>The body of <c>GET /diagnostics/stack-capture</c>: whether capture works, and whether its routes exist.</summary>
/// <param name="RoutesEnabled">Admin:Enabled: the /diagnostics/stacks routes exist only then.</param>
/// <param name="KeyHeader">The header those routes need the admin key in.</param>
/// <param name="Status">Whether this process can capture, and how capture is set.</param>
public sealed record StackCaptureAccess(bool RoutesEnabled, string KeyHeader, StackCaptureStatus Status);
