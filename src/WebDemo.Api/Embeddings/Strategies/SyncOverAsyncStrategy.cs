using System.Runtime.CompilerServices;
using WebDemo.Api.Embeddings.Backends;

namespace WebDemo.Api.Embeddings.Strategies;

// SYNC-OVER-ASYNC — calling the async API and blocking on it: `EmbedAsync(...).GetAwaiter().GetResult()`
// (or `.Result`, or `.Wait()`), typically from a synchronous method that "can't" be made async.
//
// What it teaches: the most common real cause of thread-pool starvation. The request thread blocks
// waiting for a task whose completion itself needs a pool thread to run — so under load the pool must
// grow before anything can finish. .NET notices the blocked waits ("cooperative blocking") and injects
// threads faster than for plain sleeps, but throughput still collapses. Legacy code of this shape
// usually has no cancellation token to pass, so neither does this one.
//
// For CPU work (Backend:Kind=Local): the local backend's EmbedAsync has nothing to await, so it computes inline and
// returns a finished task; GetResult() never waits. It behaves exactly like "blocking": the cost is the CPU, not the wait.
//
// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class SyncOverAsyncStrategy
{
    public const string Name = "sync-over-async";

    // Never inlined into the endpoint, so a stack capture (GET /diagnostics/stacks) names this strategy as the blocking code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static EmbeddingOk Handle(EmbeddingJob job, IEmbeddingBackend backend)
    {
        var result = backend.EmbedAsync(job, CancellationToken.None).GetAwaiter().GetResult(); // blocks on a task
        return EmbeddingResponses.Ok(job, result);
    }
}
