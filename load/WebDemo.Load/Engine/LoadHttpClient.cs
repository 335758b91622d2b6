using System.Net;

namespace WebDemo.Load.Engine;

/// <summary>
/// The HTTP clients of a run. The load goes through one <see cref="HttpMessageInvoker"/> straight over a
/// <see cref="SocketsHttpHandler"/>: none of HttpClient's per-request timeout plumbing (the engine brings pooled
/// timeouts of its own), pooled connections without a cap, nothing the measurement does not need.
/// </summary>
public static class LoadHttpClient
{
    public static HttpMessageInvoker CreateInvoker() => new(CreateHandler(), disposeHandler: true);

    /// <summary>For the bystander probe and the server sampler: an ordinary HttpClient on its own connections.</summary>
    public static HttpClient Create(TimeSpan requestTimeout) =>
        new(CreateHandler())
        {
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

    private static SocketsHttpHandler CreateHandler() => new()
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
    };
}
