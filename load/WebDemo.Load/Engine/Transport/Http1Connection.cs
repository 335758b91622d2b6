using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace WebDemo.Load.Engine.Transport;

/// <summary>One keep-alive HTTP/1.1 connection: writes a request, then reads its answer to the last byte.</summary>
/// <remarks>
/// The answer is read through one fixed buffer: <c>_start</c> is the first byte not yet consumed, <c>_end</c> one past
/// the last byte received. Headers are parsed in place once the blank line that ends them has arrived; the body is
/// only counted. An answer usually arrives in one receive, so the awaits below mostly complete synchronously.
/// </remarks>
internal sealed class Http1Connection : IDisposable
{
    internal const int BufferSize = 16 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private Http1Connection(Socket socket) => _socket = socket;

    /// <summary>Whether the last answer left the connection fit for the next request.</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Whether any byte of the last answer arrived (a failure before that may be retried elsewhere).</summary>
    public bool ReceivedAny { get; private set; }

    public static async ValueTask<Http1Connection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        // Dual-mode where IPv6 exists, so a host name that resolves to ::1 or 127.0.0.1 connects either way.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new Http1Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Pooled state machines (here, in ReceiveThroughAsync and FillAsync): every request suspends in them.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LoadResponse> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead, CancellationToken cancellationToken)
    {
        KeepAlive = false;
        ReceivedAny = false;
        for (var remaining = request; !remaining.IsEmpty;)
        {
            remaining = remaining[await _socket.SendAsync(remaining, SocketFlags.None, cancellationToken)..];
        }

        // Usually the first receive brings the whole answer.
        var headEnd = await ReceiveThroughAsync(HeadEnd, "the headers", cancellationToken);
        var head = Http1ResponseHead.Parse(_buffer.AsSpan(_start, headEnd - _start));
        _start = headEnd;

        long body;
        var framed = true;
        if (isHead || head.StatusCode is 204 or 304 || head.StatusCode < 200)
        {
            body = 0;
        }
        else if (head.Chunked)
        {
            body = await ReadChunkedAsync(cancellationToken);
        }
        else if (head.ContentLength >= 0)
        {
            body = await SkipAsync(head.ContentLength, cancellationToken);
        }
        else
        {
            body = await ReadToEndAsync(cancellationToken); // no framing: the body ends when the server closes
            framed = false;
        }
        // Bytes beyond the answer would belong to no request: such a connection is not used again.
        KeepAlive = head.KeepAlive && framed && _start == _end;
        return new LoadResponse(head.StatusCode, body, head.ThreadPoolThreads);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Receives until a CRLF; returns where the line (without it) is in the buffer, valid until the next receive.</summary>
    private async ValueTask<(int Offset, int Length)> ReadLineAsync(CancellationToken cancellationToken)
    {
        var lineEnd = await ReceiveThroughAsync(LineEnd, "a chunk", cancellationToken);
        var line = (_start, lineEnd - LineEnd.Length - _start);
        _start = lineEnd;
        return line;
    }

    /// <summary>Receives until <paramref name="delimiter"/> is among the unread bytes; returns the index just past it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveThroughAsync(byte[] delimiter, string part, CancellationToken cancellationToken)
    {
        for (var scanned = 0; ;) // bytes after _start already searched
        {
            var found = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf(delimiter);
            if (found >= 0)
            {
                return _start + scanned + found + delimiter.Length;
            }
            scanned = Math.Max(0, _end - _start - (delimiter.Length - 1));
            if (!await FillAsync(cancellationToken))
            {
                throw new IOException($"The server closed the connection before {part} of the answer had arrived.");
            }
        }
    }

    private async ValueTask<long> SkipAsync(long count, CancellationToken cancellationToken)
    {
        for (var remaining = count; ;)
        {
            var take = (int)Math.Min(remaining, _end - _start);
            _start += take;
            remaining -= take;
            if (remaining == 0)
            {
                return count;
            }
            if (!await FillAsync(cancellationToken))
            {
                throw new IOException("The server closed the connection before the body of the answer had arrived.");
            }
        }
    }

    /// <summary>Transfer-Encoding: chunked — size line, data, CRLF, ..., a zero-size chunk, trailers, blank line.</summary>
    private async ValueTask<long> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var (offset, length) = await ReadLineAsync(cancellationToken);
            var size = Http1ResponseHead.ParseChunkSize(_buffer.AsSpan(offset, length));
            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                    // trailer fields are read and dropped
                }
                return total;
            }
            total += await SkipAsync(size, cancellationToken);
            if ((await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw new InvalidDataException("A chunk's data is not followed by CRLF.");
            }
        }
    }

    private async ValueTask<long> ReadToEndAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        do
        {
            total += _end - _start;
            _start = _end;
        }
        while (await FillAsync(cancellationToken));
        return total;
    }

    /// <summary>Receives more bytes; false when the server has closed the connection.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                throw new InvalidDataException($"A header block or chunk-size line of the answer is longer than {BufferSize} bytes.");
            }
            // Move the unread bytes to the front to make room at the end.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            return false;
        }
        _end += read;
        ReceivedAny = true;
        return true;
    }
}
