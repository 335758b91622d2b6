using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// The documented, off-by-default inline scheduling setting: socket completions and request code run inline on the
/// transport's I/O threads instead of being queued to the thread pool. It must still answer every request correctly,
/// and still overlap the waits of concurrent requests.
/// </summary>
public sealed class InlineSchedulingTests(ITestOutputHelper output)
{
    private const int ConcurrentRequests = 200;
    private const int BackendLatencyMs = 200;

    private static readonly Dictionary<string, string> InlineScheduling = new()
    {
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
        ["SocketTransport__UnsafePreferInlineScheduling"] = "true",
    };

    [Fact]
    public async Task WithInlineSchedulingTheAsyncStrategyAnswersConcurrentRequestsCorrectlyAndTogether()
    {
        await using var api = await Apps.StartApiAsync(output, InlineScheduling);
        using var client = api.CreateClient(Apps.Timeout);
        Assert.Contains(api.Output, line => line.Contains("UnsafePreferInlineScheduling is on", StringComparison.Ordinal)
            && line.Contains("socket completions inline: on", StringComparison.Ordinal));

        var elapsed = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, ConcurrentRequests)
            .Select(i => PostAsync(client, $"request number {i}"))).WaitAsync(Apps.Timeout);
        elapsed.Stop();

        for (var i = 0; i < ConcurrentRequests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, answers[i].Status);
            Assert.Equal(384, answers[i].Vector.Length);
            var norm = Math.Sqrt(answers[i].Vector.Sum(component => (double)component * component));
            Assert.InRange(norm, 0.999, 1.001);
        }
        // Each answer is its own text's vector, not a neighbour's: the same text asked again gives the same vector.
        var again = await PostAsync(client, "request number 7");
        Assert.Equal(answers[7].Vector, again.Vector);

        // One after another the waits alone would take 40 s; overlapped they take about one wait. Generous: a tenth.
        var sequentialMs = ConcurrentRequests * BackendLatencyMs;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ConcurrentRequests} concurrent requests of {BackendLatencyMs} ms took {elapsed.Elapsed.TotalMilliseconds:0} ms"));
        Assert.True(elapsed.Elapsed.TotalMilliseconds < sequentialMs / 10.0,
            $"{ConcurrentRequests} concurrent requests took {elapsed.Elapsed.TotalMilliseconds:0} ms; their waits did not overlap.");
    }

    private static async Task<(HttpStatusCode Status, float[] Vector)> PostAsync(HttpClient client, string input)
    {
        using var response = await client.PostAsync($"/embeddings/async?latencyMs={BackendLatencyMs}", Embeddings.Body(input))
            .WaitAsync(Apps.Timeout);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, []);
        }
        using var body = await Embeddings.ReadJsonAsync(response);
        return (response.StatusCode, Embeddings.VectorsOf(body)[0]);
    }
}
