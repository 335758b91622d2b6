namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>A distinct stack seen on a thread, and in how many of its samples.</summary>
public sealed record StackSeen(IReadOnlyList<SampledFrame> Frames, int Samples);
