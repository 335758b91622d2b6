namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>A kept capture without the full stacks, for the dashboard panel.</summary>
public sealed record StackCaptureSummary(
    long Id, DateTimeOffset CapturedAt, string Trigger, double SchedulingDelayMs, int ThreadPoolThreads, long QueuedWorkItems,
    int IdlePoolThreads, double WallMs, double CpuMs, IReadOnlyList<ChainSummary> TopChains);
