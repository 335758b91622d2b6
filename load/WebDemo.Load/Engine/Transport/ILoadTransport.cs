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
