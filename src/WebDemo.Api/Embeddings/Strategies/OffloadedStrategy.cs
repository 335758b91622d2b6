using WebDemo.Api.Embeddings.Backends;

namespace WebDemo.Api.Embeddings.Strategies;

// OFFLOADED — `await Task.Run(() => blocking call)`: Python's `loop.run_in_executor(None, fn)` in .NET.
//
// What it teaches: in a desktop app Task.Run keeps the UI thread free. On a server there is no special
// thread to protect: the request thread goes back to the pool, and Task.Run takes *another* pool thread
// from the same pool and blocks that one instead. Same number of blocked threads, plus a scheduling hop
// and an extra queue — so it starves exactly like "blocking", sometimes worse.
//
// For CPU work (Backend:Kind=Local): Task.Run moves the inference to another thread of the same pool; the cores are
// exactly as busy and nothing is bounded. Python needs a *process* pool for CPU work (the GIL); .NET threads run on
// every core already — what CPU work needs is a bounded set of them, which Task.Run does not give (see "batched").
//
// What every strategy shares (reading the body, admission, the answer, the headers): ../README.md.
public static class OffloadedStrategy
{
    public const string Name = "offloaded";

    public static async Task<EmbeddingOk> Handle(EmbeddingJob job, IEmbeddingBackend backend)
    {
        var result = await Task.Run(() => backend.Embed(job)); // blocks a different pool thread
        return EmbeddingResponses.Ok(job, result);
    }
}
