using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Engine.Transport.EventLoops;

namespace WebDemo.Load.Tests.Transport;

/// <summary>What the HTTP/1.1 transport tests share: the drivers to run each behaviour on, and a bound on every wait.</summary>
public static class Http1TestKit
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Every behaviour holds for both drivers: the tool's own epoll loops and the runtime's sockets.</summary>
    public static TheoryData<Http1Sockets> BothDrivers => EventLoop.IsSupported ? [Http1Sockets.EventLoops, Http1Sockets.Runtime] : [Http1Sockets.Runtime];

    /// <summary>One request, uncancelled, and no longer than <see cref="Limit"/>.</summary>
    public static Task<LoadResponse> SendWithinLimitAsync(this ILoadTransport transport) =>
        transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);

    /// <summary>A response without its timestamp: status, body bytes, thread-pool header.</summary>
    public static (int, long, int) Parts(LoadResponse response) => (response.StatusCode, response.BodyBytes, response.ThreadPoolThreads);
}
