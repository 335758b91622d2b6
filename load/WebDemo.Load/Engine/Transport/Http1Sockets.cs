using System.Net.Sockets;

namespace WebDemo.Load.Engine.Transport;

/// <summary>What drives an <see cref="Http1Transport"/>'s connections.</summary>
public enum Http1Sockets
{
    /// <summary>The runtime's <see cref="Socket"/> and its socket engine: portable.</summary>
    Runtime,

    /// <summary>The tool's own epoll loops: Linux x86-64.</summary>
    EventLoops,
}
