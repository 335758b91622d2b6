using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

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
    /// threads instead of queueing it to the thread pool: one hop less per read and per write (measured in
    /// docs/performance.md). It is unsafe here because of the blocking strategies: a handler that blocks then blocks an I/O thread, and every connection that thread serves waits.
    /// </para>
    /// </summary>
    public static WebApplicationBuilder AddConnectionHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SocketTransportOptions>()
            .Configure(options => options.Backlog = ListenBacklog)
            .BindConfiguration(SectionName);
        builder.Services.AddHostedService<InlineSchedulingWarning>();
        return builder;
    }
}

/// <summary>Says at start-up, where an operator will see it, that request code runs on the I/O threads.</summary>
internal sealed partial class InlineSchedulingWarning(IOptions<SocketTransportOptions> transport, ILogger<InlineSchedulingWarning> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (transport.Value.UnsafePreferInlineScheduling)
        {
            var inlineCompletions = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";
            LogInlineScheduling(logger, inlineCompletions ? "on" : "off");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SocketTransport:UnsafePreferInlineScheduling is on: request code runs on Kestrel's I/O threads " +
            "(socket completions inline: {InlineCompletions}). A blocking strategy now blocks an I/O thread and every connection it serves.")]
    private static partial void LogInlineScheduling(ILogger logger, string inlineCompletions);
}
