using System.Diagnostics;
using WebDemo.Api.Embeddings;

namespace WebDemo.Api.Logging;

/// <summary>One line per request when it completes: route, strategy, status, elapsed and the threads it ran on.</summary>
public sealed partial class RequestCompletionLogging(RequestDelegate next, ILogger<RequestCompletionLogging> logger)
{
    // With completion lines off (Warning level, as in the wrk benchmark) a request passes straight through: no state
    // machine is allocated for it, and none is kept alive through its whole wait.
    public Task InvokeAsync(HttpContext context) =>
        logger.IsEnabled(LogLevel.Information) ? InvokeLoggedAsync(context) : next(context);

    private async Task InvokeLoggedAsync(HttpContext context)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var startThread = Environment.CurrentManagedThreadId;
        try
        {
            await next(context);
        }
        finally
        {
            LogCompleted(logger, context.Request.Method, RouteOf(context),
                context.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategyMetadata>()?.Name ?? "-", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, startThread, Environment.CurrentManagedThreadId);
        }
    }

    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "/";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Method} {Route} [{Strategy}] answered {StatusCode} in {ElapsedMs:0.0} ms on threads {StartThread}->{EndThread}")]
    private static partial void LogCompleted(ILogger logger, string method, string route, string strategy, int statusCode,
        double elapsedMs, int startThread, int endThread);
}
