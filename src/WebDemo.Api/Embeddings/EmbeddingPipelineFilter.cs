using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Api.Telemetry;

namespace WebDemo.Api.Embeddings;

/// <summary>Marks an endpoint as one request-handling strategy; the name appears in headers, logs and metrics.</summary>
public sealed record EmbeddingStrategyMetadata(string Name);

/// <summary>
/// Runs around every strategy: admission control (429 when too many inputs are in flight), the diagnostic headers of
/// every answer (<see cref="DiagnosticHeaders"/>), the per-strategy metrics, and the count of clients that gave up. It
/// never waits, so it adds nothing to the comparison, and the strategies only compute. One instance serves every
/// request (see <see cref="EmbeddingEndpoints"/>).
/// </summary>
public sealed partial class EmbeddingPipelineFilter(
    InFlightLimiter limiter, StrategyStatistics statistics, ClientDisconnects disconnects, TimeProvider timeProvider,
    ILogger<EmbeddingPipelineFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var strategy = http.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategyMetadata>()?.Name ?? "unknown";
        var job = context.GetArgument<EmbeddingJob>(0);
        var startedAt = Stopwatch.GetTimestamp();
        var startThread = Environment.CurrentManagedThreadId;
        var serverActivity = http.Features.Get<IHttpActivityFeature>()?.Activity;
        if (serverActivity is { Recorded: true }) // only a span that will be exported needs the tag
        {
            serverActivity.SetTag(EmbeddingMetrics.StrategyTag, strategy);
        }

        if (!limiter.TryAcquire(job.Inputs.Count))
        {
            statistics.Rejected(strategy);
            DiagnosticHeaders.WriteStart(http.Response, strategy, startThread);
            http.Response.Headers[HeaderNames.RetryAfter] = "1";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Model is overloaded",
                detail: $"{limiter.InFlight} inputs are in flight and the limit is {limiter.Limit}; retry after 1 second.");
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
            // The client went away and the request's token stopped the wait. Nobody is listening, so nothing is
            // written: nginx's "client closed request" status is for the logs and metrics. Counted per strategy,
            // which is how the tests prove that async waits end at once.
            errorType = exception.GetType().FullName;
            disconnects.Record(strategy);
            LogClientDisconnected(logger, strategy);
            http.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return Results.Empty;
        }
        catch (Exception exception)
        {
            errorType = exception.GetType().FullName;
            throw;
        }
        finally
        {
            limiter.Release(job.Inputs.Count);
            // From when the server began the request (its activity's start), not from this filter, so that waits for
            // a thread between the two (reading the body, every await under starvation) count too.
            var elapsed = serverActivity is null
                ? Stopwatch.GetElapsedTime(startedAt)
                : timeProvider.GetUtcNow().UtcDateTime - serverActivity.StartTimeUtc;
            statistics.Completed(strategy, elapsed, errorType);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client disconnected; the {Strategy} wait was cancelled")]
    private static partial void LogClientDisconnected(ILogger logger, string strategy);
}
