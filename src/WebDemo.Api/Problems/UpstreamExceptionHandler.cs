using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WebDemo.Api.Embeddings.Backends;

namespace WebDemo.Api.Problems;

/// <summary>The upstream embedding server failed: 502 Bad Gateway or 504 Gateway Timeout, with the reason.</summary>
public sealed partial class UpstreamExceptionHandler(IProblemDetailsService problems, ILogger<UpstreamExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not UpstreamException upstream)
        {
            return false;
        }
        LogUpstreamFailure(logger, upstream.StatusCode, upstream.Message);
        return await problems.WriteAsync(httpContext, exception, new ProblemDetails
        {
            Status = upstream.StatusCode,
            Title = upstream.StatusCode == StatusCodes.Status504GatewayTimeout ? "The upstream timed out" : "The upstream failed",
            Detail = upstream.Message,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream embedding call failed with {StatusCode}: {Reason}")]
    private static partial void LogUpstreamFailure(ILogger logger, int statusCode, string reason);
}
