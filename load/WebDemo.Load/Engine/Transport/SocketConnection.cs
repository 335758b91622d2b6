using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// A connection on the runtime's <see cref="Socket"/>: portable, and with <see cref="ClientSocketEngine"/>'s settings
/// its completions run on the runtime's own epoll threads. Used where <see cref="EventLoops.EventLoopConnection"/> is not.
/// </summary>
/// <remarks>An answer usually arrives in one receive, so the awaits below mostly complete synchronously.</remarks>
internal sealed class SocketConnection : IHttp1Connection
{
    private readonly Socket _socket;
    private readonly Http1AnswerReader _answer = new();

    private SocketConnection(Socket socket) => _socket = socket;

    public int Loop => 0;

    public bool KeepAlive => _answer.KeepAlive;

    public bool ReceivedAny => _answer.ReceivedAny;

    public static async ValueTask<IHttp1Connection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        // Dual-mode where IPv6 exists, so an IPv4 or an IPv6 address connects either way.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new SocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // A pooled state machine: every request suspends in it.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LoadResponse> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead, CancellationToken cancellationToken)
    {
        _answer.Start(isHead);
        for (var remaining = request; !remaining.IsEmpty;)
        {
            remaining = remaining[await _socket.SendAsync(remaining, SocketFlags.None, cancellationToken)..];
        }
        while (true)
        {
            var read = await _socket.ReceiveAsync(_answer.ReceiveMemory(), SocketFlags.None, cancellationToken);
            if (read == 0 ? _answer.ServerClosed() : _answer.Received(read))
            {
                return _answer.Response;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
