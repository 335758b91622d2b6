using System.Diagnostics;
using System.Globalization;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings;

/// <summary>
/// The diagnostic response headers (TEI's names where TEI has one): which strategy answered, which threads ran the
/// request, how large the pool was, and where the time went. <see cref="EmbeddingPipelineFilter"/> writes them.
/// </summary>
public static class DiagnosticHeaders
{
    public const string Strategy = "x-strategy";
    public const string StartThread = "x-thread-start";
    public const string EndThread = "x-thread-end";
    public const string PoolThreads = "x-threadpool-threads";
    public const string QueueTime = TimingHeaders.QueueTime;
    public const string InferenceTime = TimingHeaders.InferenceTime;
    public const string TotalTime = TimingHeaders.TotalTime;

    /// <summary>The strategy and the thread the request started on: on every answer of a strategy, a 429 too.</summary>
    public static void WriteStart(HttpResponse response, string strategy, int startThread)
    {
        response.Headers[Strategy] = strategy;
        response.Headers[StartThread] = Format(startThread);
    }

    /// <summary>All of them, for a 200, on the thread that finished the request.</summary>
    /// <param name="startedAt"><see cref="Stopwatch"/> timestamp of the request reaching the strategy.</param>
    public static void Write(HttpResponse response, string strategy, int startThread, long startedAt, EmbeddingOk answer)
    {
        WriteStart(response, strategy, startThread);
        var headers = response.Headers;
        headers[EndThread] = Format(Environment.CurrentManagedThreadId);
        headers[PoolThreads] = Format(ThreadPool.ThreadCount);
        // Queue time: from the request reaching the strategy until the backend started on it
        // (Task.Run scheduling for "offloaded", the batch queue for "batched").
        headers[QueueTime] = TimingHeaders.Milliseconds(Stopwatch.GetElapsedTime(startedAt, answer.BackendStartedAt));
        headers[InferenceTime] = TimingHeaders.Milliseconds(answer.BackendElapsed);
        headers[TotalTime] = TimingHeaders.Milliseconds(Stopwatch.GetElapsedTime(startedAt));
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
