using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WebDemo.Api.Lab;

/// <summary>
/// The one target the lab may load: this API on its own loopback address. Nothing in a request names a host or port,
/// so the lab cannot be turned into a way to send traffic anywhere else.
/// </summary>
public sealed class OwnAddress(IServer server)
{
    /// <summary><c>http://127.0.0.1:port</c> (or <c>[::1]</c>) of the first plain-HTTP listener reachable on loopback; null if none.</summary>
    public Uri? Loopback()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses.Where(address => address.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            // Kestrel reports wildcards as given ("http://+:80", "http://*:80"), which Uri does not parse.
            var parsed = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
            var host = parsed.Host switch
            {
                "localhost" or "127.0.0.1" or "0.0.0.0" or "[::]" => "127.0.0.1",
                "[::1]" => "[::1]",
                _ => null,
            };
            if (host is not null && parsed.Port > 0)
            {
                return new Uri($"http://{host}:{parsed.Port}");
            }
        }
        return null;
    }
}
