using System.Diagnostics;
using WebDemo.Api.Embeddings;

namespace WebDemo.Api.Logging;

/// <summary>One line per request when it completes: route, strategy, status, elapsed and the threads it ran on.</summary>
public sealed partial class RequestCompletionLogging(RequestDelegate next, ILogger<RequestCompletionLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var startThread = Environment.CurrentManagedThreadId;
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogCompleted(logger, context.Request.Method, RouteOf(context),
                    context.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategyMetadata>()?.Name ?? "-", context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, startThread, Environment.CurrentManagedThreadId);
            }
        }
    }

    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "/";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Method} {Route} [{Strategy}] answered {StatusCode} in {ElapsedMs:0.0} ms on threads {StartThread}->{EndThread}")]
    private static partial void LogCompleted(ILogger logger, string method, string route, string strategy, int statusCode,
        double elapsedMs, int startThread, int endThread);
}
