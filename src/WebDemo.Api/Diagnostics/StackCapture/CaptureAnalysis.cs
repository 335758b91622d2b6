namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>What a capture found among the process's threads.</summary>
public sealed record CaptureAnalysis(int PoolThreads, int IdlePoolThreads, int OtherThreads, IReadOnlyList<CallChain> Chains);
