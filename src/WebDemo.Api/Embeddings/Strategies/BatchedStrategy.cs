using WebDemo.Api.Embeddings.Batching;

namespace WebDemo.Api.Embeddings.Strategies;

// BATCHED — dynamic batching, as embedding servers (TEI, Triton) do it. The request is written to a
// Channel<T> and awaits a TaskCompletionSource; one worker takes everything queued whenever the backend
// is free (up to a maximum batch size), makes one backend call for all of it, and completes each request.
//
// What it teaches: producer/consumer with a Channel — the modern form of the seeds' Queue + Condition/Event
// (no lost wake-ups: the channel owns the signalling). Many requests share one backend call, so the
// backend sees far fewer calls than there are requests; each request pays some queueing for that.
// A request whose client disconnects while still queued is dropped, never computed.
//
// For CPU work (Backend:Kind=Local) this is the fix: the request joins a bounded queue in front of a fixed set of
// inference threads (Backend:Local:Workers, one per core by default), each taking what is queued (up to MaxBatchInputs)
// into one model call. The cores are used without oversubscription, a batch costs less per input, the pool stays
// free for I/O (health stays fast), and a full queue answers 429 at once instead of letting latency grow.
//
// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class BatchedStrategy
{
    public const string Name = "batched";

    public static async Task<EmbeddingOk> Handle(
        EmbeddingJob job, IEmbeddingBatcher batcher, CancellationToken cancellationToken)
    {
        var result = await batcher.EmbedAsync(job, cancellationToken); // queued; the worker completes it
        return EmbeddingResponses.Ok(job, result);
    }
}
