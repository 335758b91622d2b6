using System.Runtime.CompilerServices;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings.Strategies;

// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class BlockingStrategy
{
    public const string Name = StrategyNames.Blocking;

    private const string Teaches = """
        A synchronous handler that makes a blocking call on the request's own thread-pool thread.

        While the backend works (Thread.Sleep, or a blocking socket read on the Http backend), this pool thread can do
        nothing else: N concurrent requests pin N threads. The pool starts with about one thread per core and injects more
        only slowly (roughly one or two a second under starvation), so every other request — even GET /health/live — waits
        in the pool's queue behind them. Watch x-thread-start and x-thread-end: always the same thread. A client that
        disconnects cannot interrupt the sleep: the thread is held until the call returns.

        Local model (CPU work): the model runs right here, ~5 ms of one core per input. N concurrent requests are N threads
        computing at once on the same few cores: each is slowed by all the others, the pool adds threads that only add
        contention, and nothing bounds how many run — the mistake is unbounded parallelism, not the blocking.
        """;

    public static EmbeddingStrategy Definition { get; } =
        new(Name, "EmbedBlocking", "Synchronous handler, blocking backend call on the request thread", Teaches, Handle);

    // Never inlined into the endpoint, so a stack capture (GET /diagnostics/stacks) names this strategy as the blocking code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static EmbeddingOk Handle(EmbeddingJob job, IEmbeddingBackend backend)
    {
        var result = backend.Embed(job); // the request thread is blocked right here
        return EmbeddingResponses.Ok(job, result);
    }
}
