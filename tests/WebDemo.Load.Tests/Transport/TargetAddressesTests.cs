using System.Net;
using System.Net.Sockets;
using WebDemo.Load.Engine.Transport;
using static WebDemo.Load.Tests.Transport.Http1TestKit;

namespace WebDemo.Load.Tests.Transport;

/// <summary>
/// Where new connections go: an address as it is, a host name looked up (IPv4 first). Spreading over the several
/// addresses of a scaled service is checked on Docker (tests/WebDemo.Containers.Tests, ScaledStackTests).
/// </summary>
public sealed class TargetAddressesTests
{
    [Fact]
    public async Task AnAddressIsUsedAsItIs()
    {
        var addresses = new TargetAddresses(new Uri("http://10.1.2.3:8080/embeddings/async"));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 8080), await addresses.NextAsync(CancellationToken.None));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 8080), await addresses.NextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LocalhostIsLookedUpAndItsIpv4AddressPreferred()
    {
        var addresses = new TargetAddresses(new Uri("http://localhost:5000/"));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5000), await addresses.NextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ANameThatDoesNotResolveFailsEachConnectionAndIsTriedAgain()
    {
        var addresses = new TargetAddresses(new Uri("http://no-such-host.invalid:8080/"));

        await Assert.ThrowsAnyAsync<SocketException>(async () => await addresses.NextAsync(CancellationToken.None));
        await Assert.ThrowsAnyAsync<SocketException>(async () => await addresses.NextAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task ATargetNamedByHostNameIsServed(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", answers: 3);
        using var transport = new Http1Transport(new Uri($"http://localhost:{server.Uri.Port}/test"), HttpMethod.Get, body: null, driver);

        var answers = new[] { await transport.SendWithinLimitAsync(), await transport.SendWithinLimitAsync(), await transport.SendWithinLimitAsync() };

        Assert.All(answers, answer => Assert.Equal((200, 2, -1), Parts(answer)));
    }
}
