using Microsoft.AspNetCore.Diagnostics;
using WebDemo.Api.Embeddings;

namespace WebDemo.Api.Problems;

/// <summary>
/// The client went away and the request's token stopped the wait: nobody is listening, so nothing is written.
/// Counted per strategy, which is how the tests prove that async waits end at once.
/// </summary>
public sealed partial class ClientDisconnectedHandler(ClientDisconnects disconnects, ILogger<ClientDisconnectedHandler> logger)
    : IExceptionHandler
{
    /// <summary>nginx's "client closed request", the conventional status for this case in logs and metrics.</summary>
    public const int ClientClosedRequest = 499;

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not OperationCanceledException || !httpContext.RequestAborted.IsCancellationRequested)
        {
            return ValueTask.FromResult(false);
        }
        var strategy = httpContext.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategyMetadata>()?.Name ?? "none";
        disconnects.Record(strategy);
        LogClientDisconnected(logger, strategy);
        httpContext.Response.StatusCode = ClientClosedRequest;
        return ValueTask.FromResult(true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client disconnected; the {Strategy} wait was cancelled")]
    private static partial void LogClientDisconnected(ILogger logger, string strategy);
}
