using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WebDemo.Load.Engine.Transport.EventLoops;

/// <summary>
/// A TCP socket in non-blocking mode, used through system calls: no call waits, and "nothing now" is an answer
/// (<see cref="WouldBlock"/>) rather than an error. The event loop says when to call again.
/// </summary>
internal readonly unsafe struct NonBlockingSocket
{
    /// <summary>What <see cref="Receive"/> returns when nothing has arrived yet.</summary>
    public const int WouldBlock = -1;

    private NonBlockingSocket(int fd) => Fd = fd;

    public int Fd { get; }

    /// <summary>A new socket for <paramref name="family"/>'s addresses, with Nagle's delay off (requests go out at once).</summary>
    public static NonBlockingSocket Create(AddressFamily family)
    {
        var domain = family == AddressFamily.InterNetworkV6 ? Libc.AddressFamilyInet6 : Libc.AddressFamilyInet;
        var fd = Libc.Socket(domain, Libc.SocketStream | Libc.SocketNonBlocking | Libc.SocketCloseOnExec, 0);
        if (fd < 0)
        {
            throw Libc.LastError();
        }
        var noDelay = 1;
        if (Libc.SetSocketOption(fd, Libc.ProtocolTcp, Libc.TcpNoDelay, &noDelay, sizeof(int)) < 0)
        {
            var error = Libc.LastError();
            Libc.Close(fd);
            throw error;
        }
        return new NonBlockingSocket(fd);
    }

    /// <summary>Starts connecting; true when connected at once (loopback may be), false when it goes on in the background.</summary>
    public bool Connect(IPEndPoint endPoint)
    {
        var address = endPoint.Serialize(); // the platform's sockaddr
        int result;
        fixed (byte* bytes = address.Buffer.Span)
        {
            result = Libc.Connect(Fd, bytes, address.Size);
        }
        if (result == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Libc.InProgress)
        {
            throw Libc.Error(errno);
        }
        return false;
    }

    /// <summary>How a background connect ended, once the socket reports output, error or hang-up: null when it connected.</summary>
    public SocketException? ConnectError()
    {
        int error = 0, length = sizeof(int);
        if (Libc.GetSocketOption(Fd, Libc.SocketLevel, Libc.SocketErrorOption, &error, &length) < 0)
        {
            return Libc.LastError();
        }
        return error == 0 ? null : Libc.Error(error);
    }

    /// <summary>Sends what the socket's buffer takes now: the count sent, 0 when it is full.</summary>
    public int Send(ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            nint sent;
            fixed (byte* start = bytes)
            {
                sent = Libc.Send(Fd, start, bytes.Length, Libc.NoSignal);
            }
            if (sent >= 0)
            {
                return (int)sent;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.WouldBlock)
            {
                return 0;
            }
            if (errno != Libc.Interrupted)
            {
                throw Libc.Error(errno);
            }
        }
    }

    /// <summary>Receives what has arrived: the count read, 0 when the server has closed, <see cref="WouldBlock"/> when nothing is there.</summary>
    public int Receive(Span<byte> buffer)
    {
        while (true)
        {
            nint read;
            fixed (byte* start = buffer)
            {
                read = Libc.Receive(Fd, start, buffer.Length, 0);
            }
            if (read >= 0)
            {
                return (int)read;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.WouldBlock)
            {
                return WouldBlock;
            }
            if (errno != Libc.Interrupted)
            {
                throw Libc.Error(errno);
            }
        }
    }

    /// <summary>Ends both directions: the loop then sees the socket hung up.</summary>
    public void Shutdown() => Libc.Shutdown(Fd, Libc.ShutdownBoth);

    /// <summary>Closes the socket, which also takes it out of epoll.</summary>
    public void Close() => Libc.Close(Fd);
}
