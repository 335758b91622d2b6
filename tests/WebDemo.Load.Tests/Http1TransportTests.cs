using System.Net;
using System.Net.Sockets;
using System.Text;
using WebDemo.Load.Engine;
using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Engine.Transport.EventLoops;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Tests;

/// <summary>
/// The load's HTTP/1.1 client: its parser on fixed bytes, and the transport against a scripted TCP server that answers
/// with exactly the bytes a test gives it — split into single bytes, chunked, closing early, or not answering at all.
/// </summary>
public sealed class Http1TransportTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Every behaviour below holds for both drivers: the tool's own epoll loops and the runtime's sockets.</summary>
    public static TheoryData<Http1Sockets> BothDrivers => EventLoop.IsSupported ? [Http1Sockets.EventLoops, Http1Sockets.Runtime] : [Http1Sockets.Runtime];

    [Fact]
    public void TheHeadGivesStatusFramingAndTheThreadPoolHeader()
    {
        var head = Http1ResponseHead.Parse(
            "HTTP/1.1 201 Created\r\ncontent-LENGTH:  17 \r\nX-ThreadPool-Threads: 42\r\nServer: Kestrel\r\n\r\n"u8);

        Assert.Equal(new Http1ResponseHead(201, 17, Chunked: false, KeepAlive: true, ThreadPoolThreads: 42), head);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", -1, true, true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\n", 5, false, false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n", 5, false, false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 5\r\n\r\n", 5, false, true)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", -1, false, true)]
    public void FramingAndKeepAliveFollowTheHeaders(string text, long contentLength, bool chunked, bool keepAlive)
    {
        var head = Http1ResponseHead.Parse(Encoding.ASCII.GetBytes(text));

        Assert.Equal(contentLength, head.ContentLength);
        Assert.Equal(chunked, head.Chunked);
        Assert.Equal(keepAlive, head.KeepAlive);
        Assert.Equal(-1, head.ThreadPoolThreads);
    }

    [Theory]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public void AMalformedHeadIsInvalidData(string text)
    {
        var exception = Assert.Throws<InvalidDataException>(() => Http1ResponseHead.Parse(Encoding.ASCII.GetBytes(text)));

        Assert.Equal(ErrorKinds.Protocol, ErrorKinds.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1a", 26)]
    [InlineData("FF", 255)]
    [InlineData("A;name=value", 10)]
    [InlineData("10 ", 16)]
    public void ChunkSizesAreHexadecimal(string line, long size) =>
        Assert.Equal(size, Http1ResponseHead.ParseChunkSize(Encoding.ASCII.GetBytes(line)));

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("-1")]
    [InlineData("1000000000000000")]
    public void AMalformedChunkSizeIsInvalidData(string line) =>
        Assert.Throws<InvalidDataException>(() => Http1ResponseHead.ParseChunkSize(Encoding.ASCII.GetBytes(line)));

    [Fact]
    public void TheRequestIsEncodedOnceWithHostAndBodyLength()
    {
        var bytes = Http1Transport.Encode(new Uri("http://127.0.0.1:5000/embeddings/async?latencyMs=5"), HttpMethod.Post, "{\"input\":\"é\"}"u8.ToArray());

        Assert.Equal(
            "POST /embeddings/async?latencyMs=5 HTTP/1.1\r\nHost: 127.0.0.1:5000\r\nUser-Agent: WebDemo.Load\r\n" +
            "Content-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"input\":\"é\"}",
            Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task ABodyWithContentLengthIsReadToItsLastByteEvenOneByteAtATime(Http1Sockets driver)
    {
        var body = new string('x', 40_000); // longer than the connection's buffer
        await using var server = ScriptedServer.Start(
            $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nx-threadpool-threads: 7\r\n\r\n{body}", bytesPerWrite: 1);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var response = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);

        Assert.Equal((200, body.Length, 7), Parts(response));
        Assert.StartsWith("GET /test HTTP/1.1\r\nHost: 127.0.0.1:", server.Requests.Single());
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task AChunkedBodyWithExtensionsAndTrailersIsCountedWithoutItsFraming(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nx-trailer: 1\r\n\r\n",
            bytesPerWrite: 3, answers: 2);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var first = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        var second = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);

        Assert.Equal((200, 31, -1), Parts(first));
        Assert.Equal(Parts(first), Parts(second));
        Assert.Equal(1, server.Connections); // read to its exact end, the connection was fit to use again
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task ConnectionCloseIsHonouredAndAnUnframedBodyEndsWithTheConnection(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nbusy, try later", answers: 2, closeAfterEachAnswer: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var first = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        var second = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);

        Assert.Equal((503, "busy, try later".Length, -1), Parts(first));
        Assert.Equal(Parts(first), Parts(second));
        Assert.Equal(2, server.Connections);
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task AnIdleConnectionTheServerClosedIsReplacedWithoutAFailure(Http1Sockets driver)
    {
        // The server answers once per connection and then closes it without saying so, as at a keep-alive timeout.
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", answers: 2, closeAfterEachAnswer: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        await server.AllClosedAsync().WaitAsync(Limit);
        var second = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);

        Assert.Equal((200, 2, -1), Parts(second));
        Assert.Equal(2, server.Connections);
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task AnAnswerCutShortIsAnIoErrorClassifiedAsAReset(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part", closeAfterEachAnswer: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var exception = await Assert.ThrowsAsync<IOException>(() => transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit));

        Assert.Equal(ErrorKinds.ConnectionReset, ErrorKinds.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task AServerThatNeverAnswersEndsInTheRequestsTimeout(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start(answer: null);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(timeout.Token).AsTask().WaitAsync(Limit));

        Assert.Equal(ErrorKinds.Timeout, ErrorKinds.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task NoServerOnThePortIsConnectionRefused(Http1Sockets driver)
    {
        using var transport = new Http1Transport(new Uri($"http://127.0.0.1:{WebDemo.Processes.FreePort.Next()}/"), HttpMethod.Get, body: null, driver);

        var exception = await Assert.ThrowsAsync<SocketException>(() => transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit));

        Assert.Equal(ErrorKinds.ConnectionRefused, ErrorKinds.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task ARequestLargerThanTheSocketBuffersIsSentInFullBeforeItsAnswer(Http1Sockets driver)
    {
        // 16 MB cannot go out in one send: the socket's buffer fills, and the rest follows as the server reads.
        var body = new byte[16 * 1024 * 1024];
        await using var server = ScriptedServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", readBody: true);
        using var transport = new Http1Transport(server.Uri, HttpMethod.Post, body, driver);

        var response = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);

        Assert.Equal((200, 2, -1), Parts(response));
        Assert.Equal([body.Length], server.BodyBytes);
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
    public async Task TheAnswerIsTimedWhenItsLastByteIsReadNotWhenTheCallerResumes(Http1Sockets driver)
    {
        await using var server = ScriptedServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        using var transport = new Http1Transport(server.Uri, HttpMethod.Get, body: null, driver);

        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await transport.SendAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        var after = System.Diagnostics.Stopwatch.GetTimestamp();

        Assert.InRange(response.CompletedAt, before, after);
    }

    [Theory]
    [MemberData(nameof(BothDrivers))]
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

    [Fact]
    public void HttpsTargetsGoThroughHttpClient()
    {
        static ScenarioSettings For(string target) => new()
        {
            Name = "t",
            Target = new Uri(target),
            Path = "/health/live",
            Plan = new SimulationPlan(SimulationParser.Parse("keep-constant(1, 1s)")),
        };

        using var plain = LoadTransport.Create(For("http://127.0.0.1:5000"));
        using var tls = LoadTransport.Create(For("https://127.0.0.1:5001"));

        Assert.IsType<Http1Transport>(plain);
        Assert.IsType<HttpClientTransport>(tls);
    }

    [Fact]
    public void TheApiProcessesTheToolStartsNeverInheritTheClientsSocketSettings()
    {
        // What a child process would inherit from the load tool, which runs with the client's settings.
        var environment = new Dictionary<string, string?>(ClientSocketEngine.Settings.ToDictionary(pair => pair.Key, pair => (string?)pair.Value))
        {
            ["PATH"] = "/usr/bin",
        };

        Hosting.ApiProcess.PrepareEnvironment(environment, new Dictionary<string, string> { ["Backend__Simulated__BaseLatencyMs"] = "100" });

        Assert.All(ClientSocketEngine.Settings.Keys, name => Assert.DoesNotContain(name, environment.Keys));
        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("100", environment["Backend__Simulated__BaseLatencyMs"]);
    }

    [Fact]
    public void TheApiIsStartedWithItsDllAndAddress()
    {
        var start = Hosting.ApiProcess.CreateStartInfo("/app/WebDemo.Api.dll", new Uri("http://127.0.0.1:5000"), new Dictionary<string, string>());

        Assert.Equal("dotnet", start.FileName);
        Assert.Equal(["/app/WebDemo.Api.dll", "--urls", "http://127.0.0.1:5000"], start.ArgumentList);
        Assert.Equal("/app", start.WorkingDirectory);
    }

    [Fact]
    public void TheClientRunsOneInlineEventLoopPerCore()
    {
        Assert.Equal("1", ClientSocketEngine.Settings[ClientSocketEngine.InlineCompletionsVariable]);
        Assert.Equal($"{Environment.ProcessorCount}", ClientSocketEngine.Settings[ClientSocketEngine.ThreadCountVariable]);
    }

    /// <summary>A response without its timestamp: status, body bytes, thread-pool header.</summary>
    private static (int, long, int) Parts(LoadResponse response) => (response.StatusCode, response.BodyBytes, response.ThreadPoolThreads);

    /// <summary>
    /// A TCP server on a loopback port that, for each request it reads (up to its blank line), writes
    /// <c>answer</c> in pieces of <c>bytesPerWrite</c> bytes; null never answers.
    /// </summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly byte[]? _answer;
        private readonly int _bytesPerWrite;
        private readonly int _answers;
        private readonly bool _closeAfterEachAnswer;
        private readonly bool _readBody;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _connections = [];
        private readonly Task _accepting;
        private int _connectionCount;

        private ScriptedServer(string? answer, int bytesPerWrite, int answers, bool closeAfterEachAnswer, bool readBody)
        {
            _readBody = readBody;
            _answer = answer is null ? null : Encoding.ASCII.GetBytes(answer);
            _bytesPerWrite = bytesPerWrite;
            _answers = answers;
            _closeAfterEachAnswer = closeAfterEachAnswer;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/test");
            _accepting = AcceptAsync();
        }

        public Uri Uri { get; }

        public int Connections => Volatile.Read(ref _connectionCount);

        public List<string> Requests { get; } = [];

        /// <summary>The body bytes of each request, when the server reads bodies (<c>readBody</c>) before it answers.</summary>
        public List<long> BodyBytes { get; } = [];

        public static ScriptedServer Start(
            string? answer, int bytesPerWrite = int.MaxValue, int answers = 1, bool closeAfterEachAnswer = false, bool readBody = false) =>
            new(answer, bytesPerWrite, answers, closeAfterEachAnswer, readBody);

        public Task AllClosedAsync()
        {
            lock (_connections)
            {
                return Task.WhenAll(_connections);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            var answered = 0;
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connectionCount);
                lock (_connections)
                {
                    _connections.Add(ServeAsync(client, () => Interlocked.Increment(ref answered) <= _answers));
                }
            }
        }

        private async Task ServeAsync(TcpClient client, Func<bool> mayAnswer)
        {
            using var _ = client;
            var stream = client.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    var text = received.ToString();
                    if (!text.Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
                    lock (Requests)
                    {
                        Requests.Add(text[..headEnd]);
                    }
                    received.Clear();
                    if (_readBody)
                    {
                        await ReadBodyAsync(stream, text, headEnd, buffer);
                    }
                    if (_answer is null || !mayAnswer())
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                    for (var offset = 0; offset < _answer!.Length; offset += _bytesPerWrite)
                    {
                        await stream.WriteAsync(_answer.AsMemory(offset, Math.Min(_bytesPerWrite, _answer.Length - offset)), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                    }
                    if (_closeAfterEachAnswer)
                    {
                        return;
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // the test is over, or the client went away
            }
        }

        /// <summary>Reads the rest of a request's Content-Length body, in small reads, as a slow server would.</summary>
        private async Task ReadBodyAsync(NetworkStream stream, string received, int headEnd, byte[] buffer)
        {
            var header = received[..headEnd].Split("\r\n").Single(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = long.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            long read = received.Length - headEnd;
            while (read < length)
            {
                var count = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - read)), _stop.Token);
                if (count == 0)
                {
                    break;
                }
                read += count;
            }
            lock (BodyBytes)
            {
                BodyBytes.Add(read);
            }
        }
    }
}
