using System.Net;

namespace WebDemo.Load.Engine;

/// <summary>
/// The HttpClient side of a run: the bystander probe's and server sampler's client, and for https:// targets the
/// load's (<see cref="Transport.HttpClientTransport"/>, one <see cref="HttpMessageInvoker"/> straight over a
/// <see cref="SocketsHttpHandler"/>: none of HttpClient's per-request timeout plumbing, pooled connections without a
/// cap). Plain http:// load goes through <see cref="Transport.Http1Transport"/>.
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
