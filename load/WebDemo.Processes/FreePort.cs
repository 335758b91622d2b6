using System.Net;
using System.Net.Sockets;

namespace WebDemo.Processes;

public static class FreePort
{
    /// <summary>A loopback port the OS just handed out (and we released), for a server we are about to start.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
