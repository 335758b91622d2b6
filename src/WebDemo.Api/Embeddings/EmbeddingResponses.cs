using System.Diagnostics;
using System.Globalization;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings;

/// <summary>Builds the OpenAI-shaped 200 answer and stamps the diagnostic headers.</summary>
public static class EmbeddingResponses
{
    public static EmbeddingOk Ok(HttpContext context, EmbeddingJob job, EmbeddingResult result)
    {
        var data = new EmbeddingData[result.Vectors.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = new EmbeddingData(i, new EmbeddingVector(result.Vectors[i], job.AsBase64));
        }

        if (context.Features.Get<RequestDiagnostics>() is { } diagnostics)
        {
            var headers = context.Response.Headers;
            headers[DiagnosticHeaders.EndThread] = Format(Environment.CurrentManagedThreadId);
            headers[DiagnosticHeaders.PoolThreads] = Format(ThreadPool.ThreadCount);
            // Queue time: from the request reaching the strategy until the backend started on it
            // (Task.Run scheduling for "offloaded", the batch queue for "batched").
            headers[DiagnosticHeaders.QueueTime] = Milliseconds(Stopwatch.GetElapsedTime(diagnostics.StartedAt, result.StartedAt));
            headers[DiagnosticHeaders.InferenceTime] = Milliseconds(result.Elapsed);
            headers[DiagnosticHeaders.TotalTime] = Milliseconds(Stopwatch.GetElapsedTime(diagnostics.StartedAt));
        }

        return new EmbeddingOk(new EmbeddingResponse(data, job.Model, new EmbeddingUsage(job.PromptTokens, job.PromptTokens)));
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Three decimals, trailing zeros dropped ("101.35"), as "0.###" would write them; rounding and then writing the
    // shortest form costs less than a custom format string, which is parsed again on every call (three per response).
    private static string Milliseconds(TimeSpan elapsed) =>
        Math.Round(Math.Max(0, elapsed.TotalMilliseconds), 3, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}
