using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WebDemo.Load.Engine.Transport.EventLoops;

/// <summary>
/// One epoll instance and the thread that waits on it — wrk's event loop, in C#. The process has one per core; each
/// connection belongs to one of them for its whole life, and every event of that connection is handled on that
/// loop's thread: the answer is read and parsed there, and the code awaiting it continues there, inline.
/// </summary>
/// <remarks>
/// Epoll is asked once per connection for edge-triggered input, output and peer-close events, so the loop makes one
/// <c>epoll_wait</c> per batch of ready connections and no <c>epoll_ctl</c> per request. Events name a connection by
/// its slot here and its id, so an event that arrives after a connection was closed (and its slot reused) is dropped.
/// </remarks>
internal sealed unsafe class EventLoop
{
    private const int MaxEventsPerWait = 256;

    private static readonly Lazy<EventLoop[]> Loops = new(
        () => [.. Enumerable.Range(0, Environment.ProcessorCount).Select(index => new EventLoop(index))]);

    private static int _next;

    [ThreadStatic]
    private static EventLoop? _current;

    private readonly int _epoll;
    private readonly Lock _slotsGate = new();
    private readonly Stack<int> _freeSlots = new();
    private EventLoopConnection?[] _slots = new EventLoopConnection?[64];
    private int _usedSlots;

    private EventLoop(int index)
    {
        Index = index;
        _epoll = Libc.EpollCreate(Libc.SocketCloseOnExec);
        if (_epoll < 0)
        {
            throw Libc.LastError();
        }
        new Thread(Run) { IsBackground = true, Name = $"WebDemo.Load event loop {index}" }.Start();
    }

    /// <summary>The index of the loop whose thread is running this code, or -1 on any other thread.</summary>
    public static int CurrentIndex => _current?.Index ?? -1;

    /// <summary>This loop's place among the process's loops (0 to the number of cores - 1).</summary>
    public int Index { get; }

    /// <summary>Whether this machine runs the event loops: Linux on x86-64 (whose <c>epoll_event</c> layout <see cref="Libc"/> declares).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>The loop for the next new connection: round robin over the cores.</summary>
    public static EventLoop Next()
    {
        var loops = Loops.Value;
        return loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)loops.Length)];
    }

    /// <summary>Starts delivering <paramref name="connection"/>'s events to it; returns its slot.</summary>
    public int Add(EventLoopConnection connection, int fd)
    {
        int slot;
        lock (_slotsGate)
        {
            if (!_freeSlots.TryPop(out slot))
            {
                slot = _usedSlots++;
                if (slot == _slots.Length)
                {
                    var grown = new EventLoopConnection?[_slots.Length * 2];
                    _slots.CopyTo(grown, 0);
                    Volatile.Write(ref _slots, grown);
                }
            }
            _slots[slot] = connection;
        }
        var registration = new Libc.EpollEvent
        {
            Events = Libc.EpollIn | Libc.EpollOut | Libc.EpollReadHangUp | Libc.EpollEdgeTriggered,
            Data = (uint)slot | ((ulong)connection.Id << 32),
        };
        if (Libc.EpollControl(_epoll, Libc.EpollControlAdd, fd, &registration) < 0)
        {
            var error = Libc.LastError();
            Remove(slot);
            throw error;
        }
        return slot;
    }

    /// <summary>Stops delivering events to the connection in <paramref name="slot"/> (closing its socket takes it out of epoll).</summary>
    public void Remove(int slot)
    {
        lock (_slotsGate)
        {
            _slots[slot] = null;
            _freeSlots.Push(slot);
        }
    }

    private void Run()
    {
        _current = this;
        var events = new Libc.EpollEvent[MaxEventsPerWait];
        var finished = new List<EventLoopConnection>(MaxEventsPerWait);
        fixed (Libc.EpollEvent* ready = events)
        {
            while (true)
            {
                var count = Libc.EpollWait(_epoll, ready, MaxEventsPerWait, timeoutMs: -1);
                if (count < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    Debug.Assert(error == Libc.Interrupted, $"epoll_wait failed with errno {error}");
                    continue;
                }
                // First read what arrived on every ready connection (each answer's end is timed as it is read), then
                // let the code awaiting the finished answers continue, which sends their next requests. In one pass,
                // the answers late in the batch would wait for the sends of those before them and be timed late, as
                // wrk avoids by reading in one pass and writing in the next.
                var slots = Volatile.Read(ref _slots);
                for (var i = 0; i < count; i++)
                {
                    var data = ready[i].Data;
                    var connection = slots[(int)(uint)data];
                    if (connection is not null && connection.Id == (uint)(data >> 32) && connection.OnEvents(ready[i].Events))
                    {
                        finished.Add(connection);
                    }
                }
                foreach (var connection in finished)
                {
                    connection.CompleteExchange();
                }
                finished.Clear();
            }
        }
    }
}
