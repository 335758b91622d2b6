using WebDemo.Api.Embeddings;

namespace WebDemo.Api.Problems;

/// <summary>
/// The client went away and the request's token stopped the wait: nobody is listening, so nothing is written.
/// Counted per strategy and logged, which is how the tests prove that async waits end at once.
/// </summary>
/// <remarks>
/// A middleware inside <c>UseExceptionHandler</c> rather than an <c>IExceptionHandler</c>: since .NET 8 the exception
/// handler middleware answers aborted requests with 499 itself, without asking any <c>IExceptionHandler</c>.
/// </remarks>
public sealed partial class ClientDisconnectedHandler(RequestDelegate next, ClientDisconnects disconnects, ILogger<ClientDisconnectedHandler> logger)
{
    /// <summary>nginx's "client closed request", the conventional status for this case in logs and metrics.</summary>
    public const int ClientClosedRequest = StatusCodes.Status499ClientClosedRequest;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            var strategy = context.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategyMetadata>()?.Name ?? "none";
            disconnects.Record(strategy);
            LogClientDisconnected(logger, strategy);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ClientClosedRequest;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client disconnected; the {Strategy} wait was cancelled")]
    private static partial void LogClientDisconnected(ILogger logger, string strategy);
}
