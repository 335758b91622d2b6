namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

/// <summary>Thread-pool adjustments counted so far, by reason.</summary>
public sealed record StarvationCounts(long Starvation, long CooperativeBlocking, long Other);
