using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Embedding;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Embedding;

/// <summary>
/// UTF-8 bodies are read from the body stream as they are; a body in another charset goes through a transcoding stream
/// first: the same text gives the same vector whichever way its client encoded it.
/// </summary>
public sealed class BodyCharsetTests(ITestOutputHelper output)
{
    private const string Text = "Grüße aus Köln — 東京 🙂";

    public static TheoryData<string, string> Encodings() => new()
    {
        { "application/json", "utf-8" },
        { "application/json; charset=utf-8", "utf-8" },
        { "application/json; charset=UTF-8", "utf-8" },
        { "application/json; charset=\"utf-8\"", "utf-8" },
        { "application/json; charset=utf-16", "utf-16" },
        { "application/json; charset=iso-8859-1", "iso-8859-1" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task TheSameTextGivesTheSameVectorInEveryCharset(string contentType, string encoding)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        var text = encoding == "iso-8859-1" ? "Grüße aus Köln" : Text; // Latin-1 has no CJK or emoji
        var json = $$"""{"input": "{{text}}", "encoding_format": "base64"}"""; // the characters themselves, not \u escapes
        var content = new ByteArrayContent(Encoding.GetEncoding(encoding).GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync("/embeddings/async", content).WaitAsync(Timeouts.Request);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var embedding = (await response.ReadJsonAsync()).GetProperty("data")[0].GetProperty("embedding").GetString()!;
        Assert.Equal(new HashingEmbedder().Embed(text), MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding)).ToArray());
    }
}
