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
public static class BatchedStrategy
{
    public const string Name = "batched";

    public static async Task<EmbeddingOk> Handle(
        EmbeddingJob job, EmbeddingBatcher batcher, CancellationToken cancellationToken)
    {
        var result = await batcher.EmbedAsync(job, cancellationToken); // queued; the worker completes it
        return EmbeddingResponses.Ok(job, result);
    }
}
