using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Embedding;

/// <summary>
/// Vectors are a pure function of the text: another process (with its own randomised string hashing) computes the
/// same bits. The other process is the real WebDemo.Upstream, which shares the embedder.
/// </summary>
public sealed class CrossProcessDeterminismTests(ITestOutputHelper output)
{
    private static readonly string[] Texts =
    [
        "How can I reset my password?",
        "The weather is sunny today",
        "Grüße aus Köln — naïve café",
        "東京タワー 東京スカイツリー",
        string.Concat(Enumerable.Repeat("A longer document with many words, repeated. ", 200)),
    ];

    private static readonly Dictionary<string, string> FastUpstream = new()
    {
        ["Upstream__BaseLatencyMs"] = "0",
        ["Upstream__PerInputLatencyMs"] = "0",
    };

    [Fact]
    public async Task AnotherProcessComputesBitIdenticalVectors()
    {
        await using var upstream = await AppProcess.StartAsync("WebDemo.Upstream", FastUpstream, output.WriteLine, readyPath: "/health");
        using var client = upstream.CreateClient(Timeouts.Request);

        using var response = await client.PostJsonAsync("/v1/embeddings", JsonSerializer.Serialize(new { input = Texts, encoding_format = "base64" }));

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var data = (await response.ReadJsonAsync()).GetProperty("data");
        var embedder = new HashingEmbedder();
        for (var i = 0; i < Texts.Length; i++)
        {
            var theirs = MemoryMarshal.Cast<byte, int>(Convert.FromBase64String(data[i].GetProperty("embedding").GetString()!)).ToArray();
            var ours = MemoryMarshal.Cast<float, int>(embedder.Embed(Texts[i])).ToArray();
            Assert.Equal(ours, theirs);
        }
    }

    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/async")]
    [InlineData("/embeddings/batched")]
    public async Task TheHttpBackendServesTheUpstreamsVectors(string route)
    {
        await using var upstream = await AppProcess.StartAsync("WebDemo.Upstream", FastUpstream, output.WriteLine, readyPath: "/health");
        await using var factory = new ApiFactory(output, new Dictionary<string, string?>
        {
            ["Backend:Kind"] = "Http",
            ["Backend:Http:BaseUrl"] = upstream.BaseAddress.ToString(),
        });
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, JsonSerializer.Serialize(new { input = Texts[..2], dimensions = 64 }));

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var data = (await response.ReadJsonAsync()).GetProperty("data");
        var embedder = new HashingEmbedder();
        for (var i = 0; i < 2; i++)
        {
            var vector = data[i].GetProperty("embedding").EnumerateArray().Select(number => number.GetSingle()).ToArray();
            var expected = embedder.Embed(Texts[i], 64);
            Assert.All(Enumerable.Range(0, 64), j => Assert.Equal(expected[j], vector[j], 1e-6f));
        }
    }
}
