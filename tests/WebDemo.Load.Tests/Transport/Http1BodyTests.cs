using WebDemo.Load.Engine.Transport;
using static WebDemo.Load.Tests.Transport.Http1TestKit;

namespace WebDemo.Load.Tests.Transport;

/// <summary>
/// Bodies end to end against a <see cref="ScriptedServer"/>: a response read to its last byte however it is framed or
/// split, a request sent in full however large, and the answer timed when its last byte arrives.
/// </summary>
public sealed class Http1BodyTests
{
    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task ABodyWithContentLengthIsReadToItsLastByteEvenOneByteAtATime(Http1Sockets driver)
    {
        var body = new string('x', 40_000); // longer than the connection's buffer
        await using var server = ScriptedServer.Start(
            $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nx-threadpool-threads: 7\r\n\r\n{body}", bytesPerWrite: 1);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var response = await transport.SendWithinLimitAsync();

        Assert.Equal((200, body.Length, 7), Parts(response));
        Assert.StartsWith("GET /test HTTP/1.1\r\nHost: 127.0.0.1:", server.Requests.Single());
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task AChunkedBodyWithExtensionsAndTrailersIsCountedWithoutItsFraming(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nx-trailer: 1\r\n\r\n",
            bytesPerWrite: 3, answers: 2);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var first = await transport.SendWithinLimitAsync();
        var second = await transport.SendWithinLimitAsync();

        Assert.Equal((200, 31, -1), Parts(first));
        Assert.Equal(Parts(first), Parts(second));
        Assert.Equal(1, server.Connections); // read to its exact end, the connection was fit to use again
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task ARequestLargerThanTheSocketBuffersIsSentInFullBeforeItsAnswer(Http1Sockets driver)
    {
        // 16 MB cannot go out in one send: the socket's buffer fills, and the rest follows as the server reads.
        var body = new byte[16 * 1024 * 1024];
        await using var server = ScriptedServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", readBody: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Post, body, driver);

        var response = await transport.SendWithinLimitAsync();

        Assert.Equal((200, 2, -1), Parts(response));
        Assert.Equal([body.Length], server.BodyBytes);
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task TheAnswerIsTimedWhenItsLastByteIsReadNotWhenTheCallerResumes(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await transport.SendWithinLimitAsync();
        var after = System.Diagnostics.Stopwatch.GetTimestamp();

        Assert.InRange(response.CompletedAt, before, after);
    }
}
