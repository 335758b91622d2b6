using System.Text;
using WebDemo.Load.Engine;
using WebDemo.Load.Engine.Transport;

namespace WebDemo.Load.Tests.Transport;

/// <summary>The HTTP/1.1 client's parser and encoder on fixed bytes: response heads, chunk sizes, the request it sends.</summary>
public sealed class Http1WireFormatTests
{
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
}
