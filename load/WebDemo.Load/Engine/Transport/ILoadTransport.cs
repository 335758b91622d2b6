namespace WebDemo.Load.Engine.Transport;

/// <summary>Sends a scenario's one request, again and again, each time reading the answer to its end.</summary>
public interface ILoadTransport : IDisposable
{
    /// <summary>What sends the requests, as the report names it (e.g. <c>raw HTTP/1.1</c>, <c>HttpClient</c>).</summary>
    string ClientName { get; }

    /// <summary>Sends the request on an idle connection (or a new one) and returns once the whole answer is read.</summary>
    /// <exception cref="OperationCanceledException">The token fired (the request's timeout).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">Connecting, sending or receiving failed.</exception>
    /// <exception cref="IOException">The server closed the connection before the answer was complete.</exception>
    /// <exception cref="InvalidDataException">The answer is not well-formed HTTP/1.1.</exception>
    ValueTask<LoadResponse> SendAsync(CancellationToken cancellationToken);
}

/// <summary>What the engine records of one answered request.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="BodyBytes">The bytes of the answer's body (without headers and chunk framing).</param>
/// <param name="ThreadPoolThreads">The server's <c>x-threadpool-threads</c> header, or -1 when it sent none.</param>
/// <param name="CompletedAt">
/// The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the answer's last byte was read: the end of the
/// request's latency. Taken by the transport, before the code awaiting the answer runs (and, on an event loop, before
/// the loop turns to the next connection's request), so that the client's own work is not timed.
/// </param>
/// <param name="Failure">
/// Set when the request failed for a reason its status code does not show (a code scenario's own check): the error kind
/// it is counted under. Null: the status code decides (2xx/3xx ok, anything else failed).
/// </param>
public readonly record struct LoadResponse(int StatusCode, long BodyBytes, int ThreadPoolThreads, long CompletedAt, string? Failure = null);
