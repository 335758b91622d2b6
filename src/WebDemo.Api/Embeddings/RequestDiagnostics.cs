using System.Diagnostics;

namespace WebDemo.Api.Embeddings;

/// <summary>
/// When and on which thread an embeddings request started; set by <see cref="EmbeddingPipelineFilter"/>
/// and read when the response is built, to fill the diagnostic headers.
/// </summary>
public sealed class RequestDiagnostics
{
    public required string Strategy { get; init; }

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public int StartThreadId { get; } = Environment.CurrentManagedThreadId;
}

/// <summary>Names of the diagnostic response headers (TEI's names where TEI has one).</summary>
public static class DiagnosticHeaders
{
    public const string Strategy = "x-strategy";
    public const string StartThread = "x-thread-start";
    public const string EndThread = "x-thread-end";
    public const string PoolThreads = "x-threadpool-threads";
    public const string QueueTime = "x-queue-time";
    public const string InferenceTime = "x-inference-time";
    public const string TotalTime = "x-total-time";
}
