using WebDemo.Api.Embeddings.Backends;
using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings.Strategies;

// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class AsyncStrategy
{
    public const string Name = StrategyNames.Async;

    private const string Teaches = """
        `await backend.EmbedAsync(job, cancellationToken)` from the endpoint all the way down.

        While the backend waits (a timer, or a socket with nothing to read yet) no thread is held at all; the pool thread
        goes back to serve other requests, and the continuation runs on whichever thread is free when the answer arrives
        (x-thread-end often differs from x-thread-start). A handful of threads serve thousands of concurrent requests, so
        throughput ≈ concurrency ÷ latency (Little's law). The token is HttpContext.RequestAborted: when the client
        disconnects, the wait stops at once.

        Local model (CPU work): there is nothing to await. EmbedAsync runs the model on this thread and returns a finished
        task — async that is blocking in disguise: same threads busy, same contention as "blocking". Awaiting frees a
        thread only while something else does the work; for computing, the fix is bounded workers ("batched").
        """;

    public static EmbeddingStrategy Definition { get; } =
        new(Name, "EmbedAsync", "Truly asynchronous: await EmbedAsync(..., cancellationToken)", Teaches, Handle);

    public static async Task<EmbeddingOk> Handle(
        EmbeddingJob job, IEmbeddingBackend backend, CancellationToken cancellationToken)
    {
        var result = await backend.EmbedAsync(job, cancellationToken); // the thread is released while waiting
        return EmbeddingResponses.Ok(job, result);
    }
}
