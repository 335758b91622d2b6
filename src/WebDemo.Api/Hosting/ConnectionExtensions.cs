using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace WebDemo.Api.Hosting;

public static class ConnectionExtensions
{
    /// <summary>Configuration section bound to Kestrel's <see cref="SocketTransportOptions"/>, by their own names.</summary>
    public const string SectionName = "SocketTransport";

    // Linux caps the backlog at net.core.somaxconn, which is 4096 by default since kernel 5.4.
    private const int ListenBacklog = 4096;

    /// <summary>
    /// Lets thousands of clients connect at once, and exposes Kestrel's socket transport to configuration.
    /// <para>
    /// Kestrel's default listen backlog is 512: when a load test opens 2,000 connections together, the kernel drops the
    /// SYNs beyond it and those clients retry only a second later (TcpExtListenDrops in <c>nstat</c>), which shows up as
    /// lost throughput and inflated connect times.
    /// </para>
    /// <para>
    /// <c>SocketTransport:UnsafePreferInlineScheduling</c> (off by default) runs request code on the transport's I/O
    /// threads instead of queueing it to the thread pool: one hop less per read and per write, which
    /// load/scripts/wrk-async.sh turns on to measure the async strategy at its best. It is unsafe here because of the
    /// blocking strategies: a handler that blocks then blocks an I/O thread, and every connection that thread serves waits.
    /// </para>
    /// </summary>
    public static WebApplicationBuilder AddConnectionHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SocketTransportOptions>()
            .Configure(options => options.Backlog = ListenBacklog)
            .BindConfiguration(SectionName);
        return builder;
    }
}
