using System.Globalization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>
/// The timing response headers of Hugging Face's text-embeddings-inference (TEI), in milliseconds, which both the API
/// and the upstream server write: where the time of one embeddings request went.
/// </summary>
public static class TimingHeaders
{
    /// <summary>Waiting before the model started on the request (a queue, a batch, a thread).</summary>
    public const string QueueTime = "x-queue-time";

    /// <summary>The model's (or backend's) own time.</summary>
    public const string InferenceTime = "x-inference-time";

    public const string TotalTime = "x-total-time";

    /// <summary>
    /// Milliseconds with at most three decimals and no trailing zeros ("101.35"), as <c>"0.###"</c> writes them.
    /// Rounding and then writing the shortest form costs less than a custom format string, which is parsed again on
    /// every call (three per response).
    /// </summary>
    public static string Milliseconds(TimeSpan elapsed) =>
        Math.Round(Math.Max(0, elapsed.TotalMilliseconds), 3, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}
