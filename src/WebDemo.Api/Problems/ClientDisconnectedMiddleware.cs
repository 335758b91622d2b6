using WebDemo.Api.Embeddings;

namespace WebDemo.Api.Problems;

/// <summary>
/// The client went away and the request's token stopped the wait: nobody is listening, so nothing is written.
/// Counted per strategy, which is how the tests prove that async waits end at once.
/// </summary>
/// <remarks>
/// A middleware rather than an <c>IExceptionHandler</c>: the exception handler middleware answers 499 itself for a
/// cancellation of an aborted request and never asks the registered handlers, so a handler would count nothing.
/// </remarks>
public sealed partial class ClientDisconnectedMiddleware(RequestDelegate next, ClientDisconnects disconnects, ILogger<ClientDisconnectedMiddleware> logger)
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
            // The strategy comes from the request's diagnostics feature: strategies set it before they wait.
            var strategy = context.Features.Get<RequestDiagnostics>()?.Strategy ?? "none";
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
