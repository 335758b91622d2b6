using System.Diagnostics;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Embeddings.Statistics;

namespace WebDemo.Api.Telemetry;

/// <summary>Wraps the configured backend in a span per call, tagged with strategy, input count and batch size.</summary>
public sealed class TracedEmbeddingBackend(IEmbeddingBackend inner) : IEmbeddingBackend
{
    public EmbeddingResult Embed(EmbeddingJob job)
    {
        using var activity = Start(job, blocking: true);
        try
        {
            return inner.Embed(job);
        }
        catch (Exception exception) when (MarkFailed(activity, exception))
        {
            throw;
        }
    }

    public Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        // With no one listening there is no span: the call goes straight through, without a state machine of its own
        // that every in-flight request would keep alive for the whole wait.
        var activity = Start(job, blocking: false);
        return activity is null ? inner.EmbedAsync(job, cancellationToken) : TracedAsync(activity, job, cancellationToken);
    }

    private async Task<EmbeddingResult> TracedAsync(Activity activity, EmbeddingJob job, CancellationToken cancellationToken)
    {
        using (activity)
        {
            try
            {
                return await inner.EmbedAsync(job, cancellationToken);
            }
            catch (Exception exception) when (MarkFailed(activity, exception))
            {
                throw;
            }
        }
    }

    // An exception filter that never catches: the span records the failure, the exception goes on unchanged.
    private static bool MarkFailed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
        return false;
    }

    private static Activity? Start(EmbeddingJob job, bool blocking)
    {
        var activity = AppDiagnostics.ActivitySource.StartActivity("embeddings.backend", ActivityKind.Client);
        if (activity is not null)
        {
            var context = BackendCallContext.Value;
            activity.SetTag(EmbeddingMetrics.StrategyTag, context?.Strategy ?? "unknown");
            activity.SetTag("webdemo.backend.inputs", job.Inputs.Count);
            activity.SetTag("webdemo.backend.batch_size", context?.BatchSize ?? 1);
            activity.SetTag("webdemo.backend.blocking", blocking);
        }
        return activity;
    }
}
