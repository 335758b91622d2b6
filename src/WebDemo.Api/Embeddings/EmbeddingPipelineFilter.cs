using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Api.Telemetry;

namespace WebDemo.Api.Embeddings;

/// <summary>
/// Runs around every strategy: admission control (429 when too many inputs are in flight), the diagnostic headers of
/// every answer (<see cref="DiagnosticHeaders"/>), the per-strategy metrics, and the count of clients that gave up. It
/// never waits, so it adds nothing to the comparison, and the strategies only compute.
/// </summary>
public sealed partial class EmbeddingPipelineFilter(
    InFlightLimiter limiter, StrategyStatistics statistics, ClientDisconnects disconnects, TimeProvider timeProvider,
    ILogger<EmbeddingPipelineFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var strategy = http.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategy>()?.Name ?? "unknown";
        var job = context.GetArgument<EmbeddingJob>(0);
        var startedAt = Stopwatch.GetTimestamp();
        var startThread = Environment.CurrentManagedThreadId;
        var serverActivity = http.Features.Get<IHttpActivityFeature>()?.Activity;
        serverActivity?.SetTag(EmbeddingMetrics.StrategyTag, strategy);

        if (!limiter.TryAcquire(job.Inputs.Count))
        {
            return Overloaded(http.Response, strategy, startThread);
        }
        statistics.Started(strategy);
        BackendCallContext.Set(strategy, batchSize: 1);
        string? errorType = null;
        try
        {
            var result = await next(context);
            if (result is EmbeddingOk answer)
            {
                // Written here, once the strategy has answered, on the thread that finished the request.
                DiagnosticHeaders.Write(http.Response, strategy, startThread, startedAt, answer);
            }
            return result;
        }
        catch (OperationCanceledException exception) when (http.RequestAborted.IsCancellationRequested)
        {
            errorType = exception.GetType().FullName;
            return ClientDisconnected(http.Response, strategy);
        }
        catch (Exception exception)
        {
            errorType = exception.GetType().FullName;
            throw;
        }
        finally
        {
            limiter.Release(job.Inputs.Count);
            statistics.Completed(strategy, ElapsedSinceServerStart(serverActivity, startedAt), errorType);
        }
    }

    /// <summary>Admission control said no: a 429 with the strategy's start headers and a Retry-After.</summary>
    private ProblemHttpResult Overloaded(HttpResponse response, string strategy, int startThread)
    {
        statistics.Rejected(strategy);
        DiagnosticHeaders.WriteStart(response, strategy, startThread);
        response.Headers[HeaderNames.RetryAfter] = "1";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Model is overloaded",
            detail: $"{limiter.InFlight} inputs are in flight and the limit is {limiter.Limit}; retry after 1 second.");
    }

    /// <summary>
    /// The client went away and the request's token stopped the wait. Nobody is listening, so nothing is written:
    /// nginx's "client closed request" status is for the logs and metrics. Counted per strategy, which is how the tests
    /// prove that async waits end at once.
    /// </summary>
    private IResult ClientDisconnected(HttpResponse response, string strategy)
    {
        disconnects.Record(strategy);
        LogClientDisconnected(logger, strategy);
        response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        return Results.Empty;
    }

    /// <summary>
    /// From when the server began the request (its activity's start), not from this filter, so that waits for a thread
    /// between the two (reading the body, every await under starvation) count too.
    /// </summary>
    private TimeSpan ElapsedSinceServerStart(Activity? serverActivity, long filterStartedAt) => serverActivity is null
        ? Stopwatch.GetElapsedTime(filterStartedAt)
        : timeProvider.GetUtcNow().UtcDateTime - serverActivity.StartTimeUtc;

    [LoggerMessage(Level = LogLevel.Information, Message = "Client disconnected; the {Strategy} wait was cancelled")]
    private static partial void LogClientDisconnected(ILogger logger, string strategy);
}
