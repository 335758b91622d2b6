using WebDemo.Load.Engine.Transport;
using static WebDemo.Load.Tests.Transport.Http1TestKit;

namespace WebDemo.Load.Tests.Transport;

/// <summary>Connections against a <see cref="ScriptedServer"/>: closed when the server says so, replaced when it closes one unannounced, shared by many callers.</summary>
public sealed class Http1ConnectionTests
{
    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task ConnectionCloseIsHonouredAndAnUnframedBodyEndsWithTheConnection(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nbusy, try later", answers: 2, closeAfterEachAnswer: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var first = await transport.SendWithinLimitAsync();
        var second = await transport.SendWithinLimitAsync();

        Assert.Equal((503, "busy, try later".Length, -1), Parts(first));
        Assert.Equal(Parts(first), Parts(second));
        Assert.Equal(2, server.Connections);
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task AnIdleConnectionTheServerClosedIsReplacedWithoutAFailure(Http1Sockets driver)
    {
        // The server answers once per connection and then closes it without saying so, as at a keep-alive timeout.
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", answers: 2, closeAfterEachAnswer: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        await transport.SendWithinLimitAsync();
        await server.AllClosedAsync().WaitAsync(Limit);
        var second = await transport.SendWithinLimitAsync();

        Assert.Equal((200, 2, -1), Parts(second));
        Assert.Equal(2, server.Connections);
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task ManyConcurrentRequestsEachGetTheirOwnAnswer(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", answers: 2_000, bytesPerWrite: 7);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        // 50 callers, 40 requests each, on as many connections as are outstanding at once (at most 50).
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var answers = new List<LoadResponse>();
            for (var i = 0; i < 40; i++)
            {
                answers.Add(await transport.SendAsync(CancellationToken.None));
            }
            return answers;
        }))).WaitAsync(Limit);

        Assert.All(responses.SelectMany(list => list), response => Assert.Equal((200, 5, -1), Parts(response)));
        Assert.Equal(2_000, server.Requests.Count);
        Assert.InRange(server.Connections, 1, 50);
    }
}
