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
