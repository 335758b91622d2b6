using System.Runtime.CompilerServices;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings.Strategies;

// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class SyncOverAsyncStrategy
{
    public const string Name = StrategyNames.SyncOverAsync;

    private const string Teaches = """
        Calling the async API and blocking on it: `EmbedAsync(...).GetAwaiter().GetResult()` (or `.Result`, or `.Wait()`),
        typically from a synchronous method that "can't" be made async.

        The most common real cause of thread-pool starvation. The request thread blocks waiting for a task whose completion
        itself needs a pool thread to run — so under load the pool must grow before anything can finish. .NET notices the
        blocked waits ("cooperative blocking") and injects threads faster than for plain sleeps, but throughput still
        collapses. Legacy code of this shape usually has no cancellation token to pass, so neither does this one.

        Local model (CPU work): the local backend's EmbedAsync has nothing to await, so it computes inline and returns a
        finished task; GetResult() never waits. It behaves exactly like "blocking": the cost is the CPU, not the wait.
        """;

    public static EmbeddingStrategy Definition { get; } =
        new(Name, "EmbedSyncOverAsync", "Blocking on an async call: EmbedAsync(...).GetAwaiter().GetResult()", Teaches, Handle);

    // Never inlined into the endpoint, so a stack capture (GET /diagnostics/stacks) names this strategy as the blocking code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static EmbeddingOk Handle(EmbeddingJob job, IEmbeddingBackend backend)
    {
        var result = backend.EmbedAsync(job, CancellationToken.None).GetAwaiter().GetResult(); // blocks on a task
        return EmbeddingResponses.Ok(job, result);
    }
}
