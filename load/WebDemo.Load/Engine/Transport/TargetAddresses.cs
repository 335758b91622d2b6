using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// Where a target's new connections go. An IP address is used as it is. A host name is looked up once before the first
/// connection and then again at most once a second, in the background, and new connections take its addresses in
/// turn: behind a name that resolves to several replicas (a compose service scaled with <c>--scale api=2</c>, a
/// Kubernetes headless service) the load spreads over all of them as a fleet of clients would, and a replica that
/// leaves the DNS gets no new connections a second later. IPv4 is preferred when a name has both (Kestrel's
/// "localhost" listens on both).
/// </summary>
/// <remarks>
/// A look-up that fails after the first keeps the addresses already known: a moment's DNS trouble does not stop a run.
/// Connections already open stay where they are, as HTTP/1.1 keep-alive connections do behind any DNS load balancing.
/// </remarks>
internal sealed class TargetAddresses
{
    private static readonly TimeSpan LookUpEvery = TimeSpan.FromSeconds(1);
    private static readonly IPEndPoint[] NotYetLookedUp = [];
    private readonly string? _host;
    private readonly int _port;
    private IPEndPoint[] _addresses;
    private Task<IPEndPoint[]>? _firstLookUp;
    private long _lookedUpAt;
    private int _lookingUp;
    private uint _next;

    public TargetAddresses(Uri uri)
    {
        _port = uri.Port;
        if (IPAddress.TryParse(uri.Host, out var address))
        {
            _addresses = [new IPEndPoint(address, _port)];
        }
        else
        {
            _host = uri.DnsSafeHost;
            _addresses = NotYetLookedUp;
        }
    }

    /// <summary>The address for the next new connection.</summary>
    public ValueTask<IPEndPoint> NextAsync(CancellationToken cancellationToken)
    {
        var addresses = Volatile.Read(ref _addresses);
        if (ReferenceEquals(addresses, NotYetLookedUp))
        {
            return FirstAsync(cancellationToken);
        }
        if (_host is not null && Stopwatch.GetElapsedTime(Volatile.Read(ref _lookedUpAt)) >= LookUpEvery
            && Interlocked.Exchange(ref _lookingUp, 1) == 0)
        {
            _ = RefreshAsync();
        }
        return new(Pick(addresses));
    }

    private IPEndPoint Pick(IPEndPoint[] addresses) =>
        addresses.Length == 1 ? addresses[0] : addresses[Interlocked.Increment(ref _next) % (uint)addresses.Length];

    private async ValueTask<IPEndPoint> FirstAsync(CancellationToken cancellationToken)
    {
        // Every connection opened before the first answer waits for the same look-up; a failed one is tried again by
        // the next connection, so a name that appears late (a replica still starting) is found.
        var lookUp = Volatile.Read(ref _firstLookUp);
        if (lookUp is null || lookUp.IsFaulted)
        {
            var fresh = LookUpAsync();
            lookUp = Interlocked.CompareExchange(ref _firstLookUp, fresh, lookUp) == lookUp ? fresh : Volatile.Read(ref _firstLookUp)!;
        }
        var addresses = await lookUp.WaitAsync(cancellationToken);
        if (ReferenceEquals(Interlocked.CompareExchange(ref _addresses, addresses, NotYetLookedUp), NotYetLookedUp))
        {
            Volatile.Write(ref _lookedUpAt, Stopwatch.GetTimestamp());
        }
        return Pick(Volatile.Read(ref _addresses));
    }

    private async Task RefreshAsync()
    {
        try
        {
            Volatile.Write(ref _addresses, await LookUpAsync());
        }
        catch (SocketException)
        {
            // Keep what was known (see remarks).
        }
        finally
        {
            Volatile.Write(ref _lookedUpAt, Stopwatch.GetTimestamp());
            Volatile.Write(ref _lookingUp, 0);
        }
    }

    private async Task<IPEndPoint[]> LookUpAsync()
    {
        var found = await Dns.GetHostAddressesAsync(_host!);
        var preferred = found.Where(address => address.AddressFamily == AddressFamily.InterNetwork).ToArray();
        var chosen = preferred.Length > 0 ? preferred : found;
        return chosen.Length > 0
            ? [.. chosen.Order(AddressOrder.Instance).Select(address => new IPEndPoint(address, _port))]
            : throw new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>DNS servers shuffle their answers; sorted, "in turn" means the same order from one look-up to the next.</summary>
    private sealed class AddressOrder : IComparer<IPAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(IPAddress? x, IPAddress? y) =>
            x!.GetAddressBytes().AsSpan().SequenceCompareTo(y!.GetAddressBytes());
    }
}
