using WebDemo.Api.Embeddings.Backends;
using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings.Strategies;

// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class OffloadedStrategy
{
    public const string Name = StrategyNames.Offloaded;

    private const string Teaches = """
        `await Task.Run(() => blocking call)`: Python's `loop.run_in_executor(None, fn)` in .NET.

        In a desktop app Task.Run keeps the UI thread free. On a server there is no special thread to protect: the request
        thread goes back to the pool, and Task.Run takes another thread from the same pool and blocks that one instead.
        Same number of blocked threads, plus a scheduling hop and an extra queue — so it starves exactly like "blocking",
        sometimes worse.

        Local model (CPU work): Task.Run moves the inference to another thread of the same pool; the cores are exactly as
        busy and nothing is bounded. Python needs a process pool for CPU work (the GIL); .NET threads run on every core
        already — what CPU work needs is a bounded set of them, which Task.Run does not give (see "batched").
        """;

    public static EmbeddingStrategy Definition { get; } =
        new(Name, "EmbedOffloaded", "await Task.Run(() => blocking call) — run_in_executor in .NET", Teaches, Handle);

    public static async Task<EmbeddingOk> Handle(EmbeddingJob job, IEmbeddingBackend backend)
    {
        var result = await Task.Run(() => backend.Embed(job)); // blocks a different pool thread
        return EmbeddingResponses.Ok(job, result);
    }
}
