using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// The load's client for http:// targets, built the way wrk is: the request is encoded once, every connection writes
/// the same bytes, and the answer is read straight off the socket — the status line, the headers that frame the body,
/// then the body, counted and dropped. No request or response objects and no header collections, so the client's cost
/// per request stays a small part of the server's and the numbers describe the server.
/// </summary>
/// <remarks>
/// One request per connection at a time (HTTP/1.1 without pipelining): idle connections wait in a queue (which,
/// unlike a stack, allocates nothing per request); when none is idle, a new one is opened — as many as there are
/// outstanding requests, as wrk and a fleet of browsers would.
/// </remarks>
public sealed class Http1Transport : ILoadTransport
{
    private readonly EndPoint _endPoint;
    private readonly byte[] _request;
    private readonly bool _isHead;
    private readonly ConcurrentQueue<Http1Connection> _idle = new();
    private volatile bool _disposed;

    public Http1Transport(Uri uri, HttpMethod method, byte[]? body)
    {
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Http1Transport speaks plain http; '{uri}' needs HttpClientTransport.", nameof(uri));
        }
        _endPoint = IPAddress.TryParse(uri.Host, out var address) ? new IPEndPoint(address, uri.Port) : new DnsEndPoint(uri.Host, uri.Port);
        _request = Encode(uri, method, body);
        _isHead = method == HttpMethod.Head;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LoadResponse> SendAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryDequeue(out var pooled))
        {
            try
            {
                return await ExchangeAsync(pooled, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException
                && !pooled.ReceivedAny && !cancellationToken.IsCancellationRequested)
            {
                // The server closed this idle connection before it was used again (its keep-alive timeout): nothing of
                // an answer arrived, so the request goes once more on a new connection, as HttpClient would do.
            }
        }
        var connection = await Http1Connection.ConnectAsync(_endPoint, cancellationToken);
        return await ExchangeAsync(connection, cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<LoadResponse> ExchangeAsync(Http1Connection connection, CancellationToken cancellationToken)
    {
        var reusable = false;
        try
        {
            var response = await connection.ExchangeAsync(_request, _isHead, cancellationToken);
            reusable = connection.KeepAlive;
            return response;
        }
        finally
        {
            if (reusable && !_disposed)
            {
                _idle.Enqueue(connection);
            }
            else
            {
                connection.Dispose(); // after a failure or "Connection: close" its state is unknown: never reused
            }
        }
    }

    /// <summary>The request's bytes: request line, Host, and for a body its type and length.</summary>
    internal static byte[] Encode(Uri uri, HttpMethod method, byte[]? body)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method.Method} {uri.PathAndQuery} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {uri.Authority}\r\n")
            .Append("User-Agent: WebDemo.Load\r\n");
        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body ?? []];
    }
}
