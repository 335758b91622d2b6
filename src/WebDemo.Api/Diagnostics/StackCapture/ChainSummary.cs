namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>A call chain and how many pool threads it holds.</summary>
public sealed record ChainSummary(string Name, int Threads, bool ApplicationCode, IReadOnlyList<ChainFrame> Frames);
