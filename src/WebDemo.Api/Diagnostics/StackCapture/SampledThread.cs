namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>A thread (by OS thread id) and the stacks it was sampled in.</summary>
public sealed record SampledThread(int OsThreadId, IReadOnlyList<StackSeen> Stacks);
