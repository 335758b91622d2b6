using System.Diagnostics;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Embeddings.Statistics;

namespace WebDemo.Api.Telemetry;

/// <summary>
/// What the backend calls in the current flow are made for: set by the pipeline filter for one request (batch size 1)
/// and by the batcher for one batch. It flows with the execution context, through <c>Task.Run</c> and awaits alike,
/// so the backend span can say which strategy made the call without the strategies knowing about tracing.
/// </summary>
public static class BackendCallContext
{
    private static readonly AsyncLocal<(string Strategy, int BatchSize)?> Current = new();

    public static (string Strategy, int BatchSize)? Value => Current.Value;

    /// <summary>Sets the context for the rest of the calling async method (it reverts when that method returns).</summary>
    /// <remarks>Only the backend span reads it: with no one listening for spans, nothing is set (an async-local costs an
    /// execution context per request).</remarks>
    public static void Set(string strategy, int batchSize)
    {
        if (AppDiagnostics.ActivitySource.HasListeners())
        {
            Current.Value = (strategy, batchSize);
        }
    }
}

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
