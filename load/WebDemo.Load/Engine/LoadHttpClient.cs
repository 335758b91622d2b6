using System.Net;

namespace WebDemo.Load.Engine;

/// <summary>The one HttpClient a run shares: pooled connections without a cap, nothing the measurement does not need.</summary>
public static class LoadHttpClient
{
    public static HttpClient Create(TimeSpan requestTimeout) =>
        new(new SocketsHttpHandler
        {
            // One connection per outstanding HTTP/1.1 request, as wrk and a browser fleet would open.
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        })
        {
            // HttpClient already links a timeout token into every request; reusing it costs nothing extra.
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
}
