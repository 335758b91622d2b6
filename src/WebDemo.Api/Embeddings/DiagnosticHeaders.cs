using System.Diagnostics;
using System.Globalization;

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
    public const string QueueTime = "x-queue-time";
    public const string InferenceTime = "x-inference-time";
    public const string TotalTime = "x-total-time";

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
        headers[QueueTime] = Milliseconds(Stopwatch.GetElapsedTime(startedAt, answer.BackendStartedAt));
        headers[InferenceTime] = Milliseconds(answer.BackendElapsed);
        headers[TotalTime] = Milliseconds(Stopwatch.GetElapsedTime(startedAt));
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Three decimals, trailing zeros dropped ("101.35"), as "0.###" would write them; rounding and then writing the
    // shortest form costs less than a custom format string, which is parsed again on every call (three per response).
    private static string Milliseconds(TimeSpan elapsed) =>
        Math.Round(Math.Max(0, elapsed.TotalMilliseconds), 3, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}
