using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WebDemo.Load.Engine.Transport.EventLoops;

/// <summary>The Linux system calls the event loops are made of: sockets, epoll, and errno values mapped to <see cref="SocketError"/>.</summary>
internal static unsafe partial class Libc
{
    public const int AddressFamilyInet = 2;
    public const int AddressFamilyInet6 = 10;
    public const int SocketStream = 1;
    public const int SocketNonBlocking = 0x800;
    public const int SocketCloseOnExec = 0x80000;
    public const int ProtocolTcp = 6;
    public const int TcpNoDelay = 1;
    public const int SocketLevel = 1;
    public const int SocketErrorOption = 4;
    public const int ShutdownBoth = 2;
    public const int NoSignal = 0x4000; // MSG_NOSIGNAL: a write to a closed connection fails with EPIPE instead of raising SIGPIPE

    public const int EpollControlAdd = 1;
    public const uint EpollIn = 0x1;
    public const uint EpollOut = 0x4;
    public const uint EpollError = 0x8;
    public const uint EpollHangUp = 0x10;
    public const uint EpollReadHangUp = 0x2000;
    public const uint EpollEdgeTriggered = 1u << 31;

    public const int Interrupted = 4;           // EINTR
    public const int WouldBlock = 11;           // EAGAIN
    public const int InProgress = 115;          // EINPROGRESS

    /// <summary>struct epoll_event as x86-64 Linux lays it out: packed, 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, int* value, int valueLength);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(int fd, int level, int name, int* value, int* valueLength);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int fd, EpollEvent* @event);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, EpollEvent* events, int maxEvents, int timeoutMs);

    /// <summary>The errno of the last call above, as the <see cref="SocketException"/> the runtime's sockets would throw.</summary>
    public static SocketException LastError() => Error(Marshal.GetLastPInvokeError());

    public static SocketException Error(int errno) => new((int)(errno switch
    {
        111 => SocketError.ConnectionRefused,   // ECONNREFUSED
        104 => SocketError.ConnectionReset,     // ECONNRESET
        32 => SocketError.Shutdown,             // EPIPE
        103 => SocketError.ConnectionAborted,   // ECONNABORTED
        110 => SocketError.TimedOut,            // ETIMEDOUT
        113 => SocketError.HostUnreachable,     // EHOSTUNREACH
        101 => SocketError.NetworkUnreachable,  // ENETUNREACH
        99 => SocketError.AddressNotAvailable,  // EADDRNOTAVAIL
        24 or 23 => SocketError.TooManyOpenSockets, // EMFILE, ENFILE
        _ => SocketError.SocketError,
    }));
}
