using System.Diagnostics;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// Reads one HTTP/1.1 answer as its bytes arrive, in pieces of any size: the status line and the headers once the
/// blank line that ends them is in, then the body by its framing (Content-Length, chunked, or until the server closes),
/// counted and dropped. Both connection kinds receive into it; it does no I/O of its own.
/// </summary>
/// <remarks>
/// One fixed buffer per connection: <c>_start</c> is the first byte not yet consumed, <c>_end</c> one past the last
/// byte received. A part that needs whole lines (the head, a chunk-size line, a trailer) waits until its line end has
/// arrived; body bytes are consumed as they come.
/// </remarks>
internal sealed class Http1AnswerReader
{
    internal const int BufferSize = 16 * 1024;

    private enum Part { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, UntilClosed, Done }

    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private Part _part;
    private bool _isHead;
    private long _remaining;
    private Http1ResponseHead _head;
    private long _bodyBytes;
    private bool _endedByClose;
    private long _completedAt;

    /// <summary>Whether any byte of the current answer has arrived (a failure before that may be retried elsewhere).</summary>
    public bool ReceivedAny { get; private set; }

    /// <summary>The answer, once <see cref="Received"/> or <see cref="ServerClosed"/> has said it is complete.</summary>
    public LoadResponse Response => new(_head.StatusCode, _bodyBytes, _head.ThreadPoolThreads, _completedAt);

    /// <summary>
    /// Whether the connection is fit for the next request: the server keeps it open, the body ended by its framing
    /// (not by the server closing), and nothing beyond the answer arrived — such bytes would belong to no request.
    /// </summary>
    public bool KeepAlive => _part == Part.Done && _head.KeepAlive && !_endedByClose && _start == _end;

    /// <summary>Prepares for the answer to the request about to be sent.</summary>
    public void Start(bool isHead)
    {
        _start = _end = 0;
        _part = Part.Head;
        _isHead = isHead;
        _remaining = 0;
        _head = default;
        _bodyBytes = 0;
        _endedByClose = false;
        ReceivedAny = false;
    }

    /// <summary>Where the next receive should write: the free end of the buffer (unread bytes are moved to the front first).</summary>
    /// <exception cref="InvalidDataException">A header block or chunk-size line does not fit the buffer.</exception>
    public Memory<byte> ReceiveMemory()
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
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        return _buffer.AsMemory(_end);
    }

    /// <summary><paramref name="count"/> bytes were received into <see cref="ReceiveMemory"/>; true when the answer is complete.</summary>
    /// <exception cref="InvalidDataException">The answer is not well-formed HTTP/1.1.</exception>
    public bool Received(int count)
    {
        _end += count;
        ReceivedAny |= count > 0;
        while (_part != Part.Done)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            var consumed = _part switch
            {
                Part.Head => ReadHead(unread),
                Part.Body or Part.ChunkData => ReadBody(unread),
                Part.ChunkSize => ReadChunkSize(unread),
                Part.ChunkEnd => ReadChunkEnd(unread),
                Part.Trailers => ReadTrailer(unread),
                _ => ReadUntilClosed(unread),
            };
            if (consumed < 0)
            {
                return false; // the part needs more bytes than have arrived
            }
            _start += consumed;
        }
        _completedAt = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>The server closed the connection. True when that ends the answer (a body framed by the connection's end).</summary>
    /// <exception cref="IOException">The answer was cut short.</exception>
    public bool ServerClosed()
    {
        if (_part == Part.UntilClosed)
        {
            _part = Part.Done;
            _endedByClose = true;
            _completedAt = Stopwatch.GetTimestamp();
            return true;
        }
        var what = _part switch
        {
            Part.Head => "the headers",
            Part.Body => "the body",
            Part.Done => "the next answer",
            _ => "a chunk",
        };
        throw new IOException($"The server closed the connection before {what} of the answer had arrived.");
    }

    private int ReadHead(ReadOnlySpan<byte> unread)
    {
        var end = unread.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return -1;
        }
        _head = Http1ResponseHead.Parse(unread[..(end + 4)]);
        if (_isHead || _head.StatusCode is 204 or 304 || _head.StatusCode < 200)
        {
            _part = Part.Done;
        }
        else if (_head.Chunked)
        {
            _part = Part.ChunkSize;
        }
        else if (_head.ContentLength >= 0)
        {
            _remaining = _head.ContentLength;
            _part = _remaining == 0 ? Part.Done : Part.Body;
        }
        else
        {
            _part = Part.UntilClosed; // no framing: the body ends when the server closes
        }
        return end + 4;
    }

    private int ReadBody(ReadOnlySpan<byte> unread)
    {
        if (unread.IsEmpty)
        {
            return -1;
        }
        var take = (int)Math.Min(_remaining, unread.Length);
        _remaining -= take;
        _bodyBytes += take;
        if (_remaining == 0)
        {
            _part = _part == Part.Body ? Part.Done : Part.ChunkEnd;
        }
        return take;
    }

    /// <summary>Transfer-Encoding: chunked — size line, data, CRLF, ..., a zero-size chunk, trailers, blank line.</summary>
    private int ReadChunkSize(ReadOnlySpan<byte> unread)
    {
        var end = unread.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return -1;
        }
        _remaining = Http1ResponseHead.ParseChunkSize(unread[..end]);
        _part = _remaining == 0 ? Part.Trailers : Part.ChunkData;
        return end + 2;
    }

    private int ReadChunkEnd(ReadOnlySpan<byte> unread)
    {
        if (unread.Length < 2)
        {
            return -1;
        }
        if (!unread.StartsWith("\r\n"u8))
        {
            throw new InvalidDataException("A chunk's data is not followed by CRLF.");
        }
        _part = Part.ChunkSize;
        return 2;
    }

    private int ReadTrailer(ReadOnlySpan<byte> unread)
    {
        var end = unread.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return -1;
        }
        if (end == 0)
        {
            _part = Part.Done; // the blank line after the trailer fields, which are read and dropped
        }
        return end + 2;
    }

    private int ReadUntilClosed(ReadOnlySpan<byte> unread)
    {
        if (unread.IsEmpty)
        {
            return -1;
        }
        _bodyBytes += unread.Length;
        return unread.Length;
    }
}
