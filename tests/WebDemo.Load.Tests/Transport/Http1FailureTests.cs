using System.Net.Sockets;
using WebDemo.Load.Engine;
using WebDemo.Load.Engine.Transport;
using static WebDemo.Load.Tests.Transport.Http1TestKit;

namespace WebDemo.Load.Tests.Transport;

/// <summary>How a request fails, and the error kind the report files it under: cut short, never answered, refused.</summary>
public sealed class Http1FailureTests
{
    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task AnAnswerCutShortIsAnIoErrorClassifiedAsAReset(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part", closeAfterEachAnswer: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var exception = await Assert.ThrowsAsync<IOException>(transport.SendWithinLimitAsync);

        Assert.Equal(ErrorKinds.ConnectionReset, ErrorKinds.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task AServerThatNeverAnswersEndsInTheRequestsTimeout(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(answer: null);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(timeout.Token).AsTask().WaitAsync(Limit));

        Assert.Equal(ErrorKinds.Timeout, ErrorKinds.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BothDrivers), MemberType = typeof(Http1TestKit))]
    public async Task NoServerOnThePortIsConnectionRefused(Http1Sockets driver)
    {
        using var transport = new Http1Transport(new Uri($"http://127.0.0.1:{WebDemo.Processes.FreePort.Next()}/"), HttpMethod.Get, body: null, driver);

        var exception = await Assert.ThrowsAsync<SocketException>(transport.SendWithinLimitAsync);

        Assert.Equal(ErrorKinds.ConnectionRefused, ErrorKinds.Classify(exception, CancellationToken.None));
    }
}
