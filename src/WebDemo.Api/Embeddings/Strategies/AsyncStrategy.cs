using WebDemo.Api.Embeddings.Backends;

namespace WebDemo.Api.Embeddings.Strategies;

// ASYNC — `await backend.EmbedAsync(job, cancellationToken)` from the endpoint all the way down.
//
// What it teaches: while the backend waits (a timer, or a socket with nothing to read yet) no thread is
// held at all; the pool thread goes back to serve other requests, and the continuation runs on whichever
// thread is free when the answer arrives (compare x-thread-start with x-thread-end). A handful of threads
// serve thousands of concurrent requests, so throughput ≈ concurrency ÷ latency (Little's law).
// The token is HttpContext.RequestAborted: when the client disconnects, the wait stops at once.
//
// For CPU work (Backend:Kind=Local): there is nothing to await. EmbedAsync runs the model on this thread and returns a
// finished task — async that is blocking in disguise: same threads busy, same contention as "blocking". Awaiting
// frees a thread only while something else does the work; for computing, the fix is bounded workers ("batched").
//
// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class AsyncStrategy
{
    public const string Name = "async";

    public static async Task<EmbeddingOk> Handle(
        EmbeddingJob job, IEmbeddingBackend backend, CancellationToken cancellationToken)
    {
        var result = await backend.EmbedAsync(job, cancellationToken); // the thread is released while waiting
        return EmbeddingResponses.Ok(job, result);
    }
}
