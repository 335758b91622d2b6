using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace WebDemo.Api.Hosting;

public static class ConnectionExtensions
{
    // Linux caps the backlog at net.core.somaxconn, which is 4096 by default since kernel 5.4.
    private const int ListenBacklog = 4096;

    /// <summary>
    /// Lets thousands of clients connect at once. Kestrel's default listen backlog is 512: when a load test opens
    /// 2,000 connections together, the kernel drops the SYNs beyond it and those clients retry only a second later
    /// (TcpExtListenDrops in <c>nstat</c>), which shows up as lost throughput and inflated connect times.
    /// </summary>
    public static WebApplicationBuilder AddConnectionHandling(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SocketTransportOptions>(options => options.Backlog = ListenBacklog);
        return builder;
    }
}
