using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>A client that goes away over a real TCP connection, and what the server does about it.</summary>
public sealed class ClosedConnectionTests(ITestOutputHelper output)
{
    private const int SlowLatencyMs = 10_000;
    private const string CancelledLine = "Client disconnected; the async wait was cancelled";

    [Fact]
    public async Task ClosingTheConnectionStopsAnAsyncWaitLongBeforeTheBackendWouldHaveAnswered()
    {
        // With room for one input in flight, a quick second request is refused with 429 exactly while the slow one
        // is inside the strategy: that is how the test knows the server is waiting, without guessing a delay.
        await using var api = await Apps.StartApiAsync(output, new Dictionary<string, string> { ["Embeddings__MaxInFlightInputs"] = "1" });
        using var probe = api.CreateClient(Apps.Timeout);

        Assert.Equal(HttpStatusCode.OK, await ProbeStatusAsync(probe)); // warm: the first request pays for JIT

        using var socket = await SendSlowRequestHoldingTheOnlySlotAsync(api.BaseAddress, probe);
        var disconnectedAt = Stopwatch.GetTimestamp();
        socket.Close(); // FIN, as when a browser tab or a curl is closed

        await Eventually.HoldsAsync(() => api.Output.Any(line => line.Contains(CancelledLine, StringComparison.Ordinal)), Apps.Timeout,
            $"the log line \"{CancelledLine}\"");
        var noticedAfter = Stopwatch.GetElapsedTime(disconnectedAt);
        output.WriteLine($"The server logged the cancellation {noticedAfter.TotalMilliseconds:0} ms after the client disconnected.");
        Assert.True(noticedAfter < TimeSpan.FromMilliseconds(SlowLatencyMs / 2),
            $"The wait stopped {noticedAfter.TotalMilliseconds:0} ms after the disconnect; the backend would have answered after {SlowLatencyMs} ms.");

        // The slot is free again: the cancelled request really left the server.
        await Eventually.HoldsAsync(async () => await ProbeStatusAsync(probe) == HttpStatusCode.OK, Apps.Timeout, "the in-flight slot was released");
    }

    // Sends the slow request on a raw socket and returns once it holds the in-flight slot. Should a probe win the
    // race for the slot, the slow request is answered 429 at once; then it is sent again.
    private static async Task<Socket> SendSlowRequestHoldingTheOnlySlotAsync(Uri baseAddress, HttpClient probe)
    {
        for (var attempt = 1; ; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port).WaitAsync(Apps.Timeout);
            await socket.SendAsync(RawRequest($"/embeddings/async?latencyMs={SlowLatencyMs}", baseAddress)).AsTask().WaitAsync(Apps.Timeout);
            var answered = socket.ReceiveAsync(new byte[1024].AsMemory()).AsTask(); // completes only if the server refused it
            await Eventually.HoldsAsync(async () => answered.IsCompleted || await ProbeStatusAsync(probe) == HttpStatusCode.TooManyRequests,
                Apps.Timeout, "the slow request held the in-flight slot");
            if (!answered.IsCompleted)
            {
                _ = answered.ContinueWith(static task => task.Exception, TaskScheduler.Default); // ends when the socket closes
                return socket;
            }
            socket.Dispose();
            Assert.True(attempt < 5, "A probe took the in-flight slot before the slow request five times in a row.");
        }
    }

    private static ReadOnlyMemory<byte> RawRequest(string path, Uri baseAddress)
    {
        const string body = """{"input": "a request whose client will not wait"}""";
        return Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
    }

    private static async Task<HttpStatusCode> ProbeStatusAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/embeddings/async?latencyMs=0", Embeddings.Body("probe")).WaitAsync(Apps.Timeout);
        return response.StatusCode;
    }
}
