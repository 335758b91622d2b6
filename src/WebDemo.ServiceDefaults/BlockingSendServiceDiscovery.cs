using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace WebDemo.ServiceDefaults;

/// <summary>
/// Service discovery for <see cref="HttpClient.Send(HttpRequestMessage)"/>, the blocking call. The resolving handler of
/// Microsoft.Extensions.ServiceDiscovery overrides only <c>SendAsync</c>: a blocking send passes it by and would dial
/// <c>http://upstream/</c> through DNS. This handler sits just outside it and resolves the blocking sends with the same
/// resolver; asynchronous sends go straight on to Microsoft's handler.
/// </summary>
/// <remarks>
/// The resolver keeps what it found, so after a service's first resolution the lookup completes synchronously and the
/// only wait left is the real socket I/O the blocking strategies are there to show. The first lookup may have to wait for
/// the resolver (configuration or DNS): that one wait happens on the calling thread, as everything on this path does.
/// </remarks>
internal sealed class BlockingSendServiceDiscovery(ServiceEndpointResolver resolver) : DelegatingHandler
{
    private int _next;

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri;
        if (original is null || !original.IsAbsoluteUri)
        {
            return base.Send(request, cancellationToken);
        }
        var lookup = resolver.GetEndpointsAsync(original.GetLeftPart(UriPartial.Authority), cancellationToken);
        var source = lookup.IsCompletedSuccessfully ? lookup.Result : lookup.AsTask().GetAwaiter().GetResult();
        if (source.Endpoints.Count == 0)
        {
            throw new HttpRequestException($"Service discovery found no endpoint for {original.GetLeftPart(UriPartial.Authority)}.");
        }
        // Round robin across replicas, as Microsoft's handler does by default.
        var endpoint = source.Endpoints[(int)((uint)Interlocked.Increment(ref _next) % (uint)source.Endpoints.Count)];
        request.RequestUri = Resolve(original, endpoint.EndPoint);
        try
        {
            return base.Send(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = original; // the request may be retried: the next attempt resolves again
        }
    }

    private static Uri Resolve(Uri uri, EndPoint endPoint)
    {
        var builder = new UriBuilder(uri);
        switch (endPoint)
        {
            case UriEndPoint { Uri: var target }:
                builder.Scheme = target.Scheme;
                builder.Host = target.Host;
                builder.Port = target.Port;
                break;
            case DnsEndPoint dns:
                builder.Host = dns.Host;
                builder.Port = dns.Port > 0 ? dns.Port : uri.Port;
                break;
            case IPEndPoint ip:
                builder.Host = ip.Address.ToString();
                builder.Port = ip.Port;
                break;
            default:
                throw new InvalidOperationException($"Endpoints of type {endPoint.GetType().Name} are not supported.");
        }
        if (builder.Scheme.Contains('+', StringComparison.Ordinal))
        {
            // "https+http://name": the resolver has already chosen among the schemes when it returned a URI; otherwise the first.
            builder.Scheme = builder.Scheme.Split('+')[0];
        }
        return builder.Uri;
    }
}
