using WebDemo.Api.Embeddings.Batching;
using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings.Strategies;

// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class BatchedStrategy
{
    public const string Name = StrategyNames.Batched;

    private const string Teaches = """
        Dynamic batching, as embedding servers (TEI, Triton) do it. The request is written to a Channel<T> and awaits a
        TaskCompletionSource; one worker takes everything queued whenever the backend is free (up to a maximum batch size),
        makes one backend call for all of it, and completes each request.

        Producer/consumer with a Channel — the modern form of the seeds' Queue + Condition/Event (no lost wake-ups: the
        channel owns the signalling). Many requests share one backend call, so the backend sees far fewer calls than there
        are requests; each request pays some queueing for that (x-queue-time). A request whose client disconnects while
        still queued is dropped, never computed.

        Local model (CPU work): the fix. The request joins a bounded queue in front of a fixed set of inference threads
        (Backend:Local:Workers, one per core by default), each taking what is queued (up to Backend:Local:MaxBatchInputs)
        into one model call. The cores are used without oversubscription, a batch costs less per input, the pool stays
        free for I/O (/health stays fast), and a full queue answers 429 at once instead of letting latency grow.
        """;

    public static EmbeddingStrategy Definition { get; } =
        new(Name, "EmbedBatched", "Dynamic batching through a Channel<T> and one worker", Teaches, Handle);

    public static async Task<EmbeddingOk> Handle(
        EmbeddingJob job, IEmbeddingBatcher batcher, CancellationToken cancellationToken)
    {
        var result = await batcher.EmbedAsync(job, cancellationToken); // queued; the worker completes it
        return EmbeddingResponses.Ok(job, result);
    }
}
