using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using WebDemo.Load.Engine.Transport.EventLoops;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// The load's client for http:// targets, built the way wrk is: the request is encoded once, every connection writes
/// the same bytes, and the answer is read straight off the socket — the status line, the headers that frame the body,
/// then the body, counted and dropped. No request or response objects and no header collections, so the client's cost
/// per request stays a small part of the server's and the numbers describe the server.
/// </summary>
/// <remarks>
/// <para>
/// On Linux x86-64 the connections are driven by the tool's own epoll loops (<see cref="EventLoopConnection"/>), one
/// per core, as wrk's are; elsewhere by the runtime's sockets (<see cref="SocketConnection"/>). Both read the answer
/// with the same <see cref="Http1AnswerReader"/>.
/// </para>
/// <para>
/// One request per connection at a time (HTTP/1.1 without pipelining): idle connections wait in a queue per event
/// loop (a queue, unlike a stack, allocates nothing per request); when none is idle, a new one is opened — as many as there are
/// outstanding requests, as wrk and a fleet of browsers would.
/// </para>
/// </remarks>
public sealed class Http1Transport : ILoadTransport
{
    private readonly TargetAddresses _addresses;
    private readonly byte[] _request;
    private readonly bool _isHead;
    private readonly ConcurrentQueue<IHttp1Connection>[] _idle;
    private volatile bool _disposed;

    public Http1Transport(Uri uri, HttpMethod method, byte[]? body)
        : this(uri, method, body, EventLoop.IsSupported ? Http1Sockets.EventLoops : Http1Sockets.Runtime)
    {
    }

    internal Http1Transport(Uri uri, HttpMethod method, byte[]? body, Http1Sockets sockets)
    {
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Http1Transport speaks plain http; '{uri}' needs HttpClientTransport.", nameof(uri));
        }
        _addresses = new TargetAddresses(uri);
        _request = Encode(uri, method, body);
        _isHead = method == HttpMethod.Head;
        Sockets = sockets;
        _idle = [.. Enumerable.Range(0, sockets == Http1Sockets.EventLoops ? Environment.ProcessorCount : 1).Select(_ => new ConcurrentQueue<IHttp1Connection>())];
    }

    /// <summary>What drives the connections.</summary>
    internal Http1Sockets Sockets { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LoadResponse> SendAsync(CancellationToken cancellationToken)
    {
        if (TryTakeIdle(out var pooled))
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
        var address = await _addresses.NextAsync(cancellationToken);
        var connection = Sockets == Http1Sockets.EventLoops
            ? EventLoopConnection.Open(address)
            : await SocketConnection.ConnectAsync(address, cancellationToken);
        return await ExchangeAsync(connection, cancellationToken);
    }

    public string ClientName => "raw HTTP/1.1";

    public void Dispose()
    {
        _disposed = true;
        foreach (var queue in _idle)
        {
            while (queue.TryDequeue(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<LoadResponse> ExchangeAsync(IHttp1Connection connection, CancellationToken cancellationToken)
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
                _idle[connection.Loop].Enqueue(connection);
            }
            else
            {
                connection.Dispose(); // after a failure or "Connection: close" its state is unknown: never reused
            }
        }
    }

    /// <summary>
    /// An idle connection, preferably one served by the event loop this code runs on. A closed-model user continues on
    /// the loop that completed its last answer, so it takes the connection it has just put back: each user keeps one
    /// connection and one loop, as wrk's connections keep their thread, instead of wandering between the cores.
    /// </summary>
    private bool TryTakeIdle([NotNullWhen(true)] out IHttp1Connection? connection)
    {
        var count = _idle.Length;
        var first = Math.Max(0, EventLoop.CurrentIndex) % count;
        for (var i = 0; i < count; i++)
        {
            if (_idle[(first + i) % count].TryDequeue(out connection))
            {
                return true;
            }
        }
        connection = null;
        return false;
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
