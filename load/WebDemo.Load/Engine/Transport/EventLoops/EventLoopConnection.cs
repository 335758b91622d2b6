using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace WebDemo.Load.Engine.Transport.EventLoops;

/// <summary>
/// A connection driven by an <see cref="EventLoop"/>: a non-blocking socket made and used with system calls, whose
/// request is written by the caller and whose answer is read, parsed and completed on the loop's thread.
/// </summary>
/// <remarks>
/// <para>
/// Per request this costs what wrk's C loop costs: one <c>send</c>, one <c>recv</c> per arriving piece of the answer,
/// and a share of one <c>epoll_wait</c>. The runtime's sockets add an operation queue, a context per socket, an
/// attempt to receive before anything has arrived and an awaited continuation on top; on a 2-core machine that the
/// client shares with the server, every microsecond of it is missing from the server and shows in the latency.
/// </para>
/// <para>
/// The exchange is awaited through <see cref="IValueTaskSource{TResult}"/> without allocating, and its continuation
/// runs synchronously on the loop thread: the caller must not block in it (the load engine only records and sends).
/// One lock per connection orders the caller's send, the loop's events and a timeout; none of them completes the
/// exchange while holding it.
/// </para>
/// </remarks>
internal sealed class EventLoopConnection : IHttp1Connection, IValueTaskSource<LoadResponse>
{
    private static int _lastId;

    private readonly Lock _gate = new();
    private readonly EventLoop _loop;
    private readonly NonBlockingSocket _socket;
    private int _slot = -1;
    private readonly Http1AnswerReader _answer = new();
    private ManualResetValueTaskSourceCore<LoadResponse> _completion; // continuations run inline, on the loop thread
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _cancellationToken;
    private ReadOnlyMemory<byte> _unsent;
    private bool _connected;
    private bool _waiting;  // an exchange is under way and not yet completed
    private bool _broken;   // the server closed it or sent something unasked, or a timeout cut it: never used again
    private bool _closed;
    private Exception? _failure;   // why the connection broke while idle: the next exchange fails with it
    private Exception? _outcome;   // the failure that finished the exchange, or null for an answer

    private EventLoopConnection(EventLoop loop, NonBlockingSocket socket)
    {
        Id = (uint)Interlocked.Increment(ref _lastId);
        _loop = loop;
        _socket = socket;
    }

    /// <summary>Names the connection in its epoll events, beside its slot.</summary>
    public uint Id { get; }

    public int Loop => _loop.Index;

    public bool KeepAlive => _answer.KeepAlive;

    public bool ReceivedAny => _answer.ReceivedAny;

    /// <summary>Opens a connection to <paramref name="endPoint"/>; the connect completes in the background, and a request sent before that waits for it.</summary>
    /// <exception cref="SocketException">The socket could not be made or the connect was refused at once.</exception>
    public static EventLoopConnection Open(IPEndPoint endPoint)
    {
        var socket = NonBlockingSocket.Create(endPoint.AddressFamily);
        try
        {
            var connection = new EventLoopConnection(EventLoop.Next(), socket) { _connected = socket.Connect(endPoint) };
            // Registered only now: epoll reports a socket that has not begun to connect as hung up.
            connection._slot = connection._loop.Add(connection, socket.Fd);
            return connection;
        }
        catch
        {
            socket.Close();
            throw;
        }
    }

    public ValueTask<LoadResponse> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead, CancellationToken cancellationToken)
    {
        // Registered before the first byte goes out, so that no answer can complete the exchange ahead of it; a token
        // that fires before the exchange is set up is caught by the check below.
        _cancellationToken = cancellationToken;
        _cancellation = cancellationToken.UnsafeRegister(static state => ((EventLoopConnection)state!).Cancel(), this);
        Exception? failure = null;
        var finished = false;
        short version;
        lock (_gate)
        {
            _answer.Start(isHead); // ReceivedAny is false from here: a failure before the answer may be retried elsewhere
            if (_closed || _broken)
            {
                _cancellation.Unregister();
                ObjectDisposedException.ThrowIf(_closed, this);
                // Nothing was sent, so the transport may send the request again on a new connection.
                throw _failure ?? new IOException("The server closed this idle connection.");
            }
            _completion.Reset();
            version = _completion.Version;
            _unsent = request;
            _waiting = true;
            if (cancellationToken.IsCancellationRequested)
            {
                failure = new OperationCanceledException(cancellationToken);
            }
            else if (_connected)
            {
                try
                {
                    SendUnsent();
                }
                catch (SocketException exception)
                {
                    failure = exception;
                    _broken = true;
                }
            }
            finished = failure is not null && TryFinish();
        }
        if (finished)
        {
            Complete(failure);
        }
        return new ValueTask<LoadResponse>(this, version);
    }

    /// <summary>
    /// Handles what epoll reported for this connection; runs on the loop thread. True when that finished the exchange:
    /// the loop then calls <see cref="CompleteExchange"/>, after it has read what arrived on the batch's other connections.
    /// </summary>
    public bool OnEvents(uint events)
    {
        Exception? failure = null;
        var finished = false;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            try
            {
                if (!_connected && (events & (Libc.EpollOut | Libc.EpollError | Libc.EpollHangUp)) != 0)
                {
                    if (_socket.ConnectError() is { } error)
                    {
                        throw error;
                    }
                    _connected = true;
                }
                if (_connected && _waiting)
                {
                    SendUnsent();
                }
                if ((events & (Libc.EpollIn | Libc.EpollReadHangUp | Libc.EpollHangUp | Libc.EpollError)) != 0)
                {
                    var closing = (events & (Libc.EpollReadHangUp | Libc.EpollHangUp | Libc.EpollError)) != 0;
                    finished = _waiting ? ReceiveAnswer(closing) : CheckIdle();
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or InvalidDataException)
            {
                failure = exception;
                _broken = true;
            }
            finished = (finished || failure is not null) && TryFinish();
            if (finished)
            {
                _outcome = failure;
            }
            else if (failure is not null)
            {
                _failure = failure; // e.g. a refused connect before the first request: that request fails with it
            }
        }
        return finished;
    }

    /// <summary>Completes the exchange <see cref="OnEvents"/> finished: the awaiting code continues from here, on the loop thread.</summary>
    public void CompleteExchange() => Complete(_outcome);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
        }
        _loop.Remove(_slot);
        _socket.Close();
    }

    public LoadResponse GetResult(short token) => _completion.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    /// <summary>Writes what is left of the request until it is all out or the socket's buffer is full (the next output event resumes).</summary>
    private void SendUnsent()
    {
        while (!_unsent.IsEmpty)
        {
            var sent = _socket.Send(_unsent.Span);
            if (sent == 0)
            {
                return;
            }
            _unsent = _unsent[sent..];
        }
    }

    /// <summary>Receives what has arrived; true once the answer is complete.</summary>
    /// <param name="closing">The server has closed its side: read on to the end, as no later event will come for it.</param>
    private bool ReceiveAnswer(bool closing)
    {
        while (true)
        {
            var memory = _answer.ReceiveMemory();
            var read = _socket.Receive(memory.Span);
            if (read == NonBlockingSocket.WouldBlock)
            {
                return false;
            }
            if (read == 0)
            {
                _broken = true;
                return _answer.ServerClosed(); // throws when that cut the answer short
            }
            if (_answer.Received(read))
            {
                return true;
            }
            if (read < memory.Length && !closing)
            {
                return false; // all that had arrived is read; the next arrival raises a new edge
            }
        }
    }

    /// <summary>Input on a connection with no request: the server closed it (a keep-alive timeout) or sent bytes nobody asked for.</summary>
    private bool CheckIdle()
    {
        Span<byte> unasked = stackalloc byte[1];
        _broken |= _socket.Receive(unasked) != NonBlockingSocket.WouldBlock;
        return false;
    }

    /// <summary>The request's token fired: the exchange ends as cancelled and the connection is shut, never to be reused.</summary>
    private void Cancel()
    {
        lock (_gate)
        {
            if (!TryFinish())
            {
                return;
            }
            _broken = true;
            _socket.Shutdown();
        }
        Complete(new OperationCanceledException(_cancellationToken));
    }

    /// <summary>Claims the completion of the current exchange (under the lock): true for exactly one caller per exchange.</summary>
    private bool TryFinish()
    {
        if (!_waiting)
        {
            return false;
        }
        _waiting = false;
        return true;
    }

    /// <summary>Completes the exchange claimed by <see cref="TryFinish"/>, outside the lock: the continuation runs from here.</summary>
    private void Complete(Exception? failure)
    {
        _cancellation.Unregister();
        if (failure is null)
        {
            _completion.SetResult(_answer.Response);
        }
        else
        {
            _completion.SetException(failure);
        }
    }
}
