using System.Buffers.Text;
using System.Text;

namespace WebDemo.Load.Engine.Transport;

/// <summary>What the engine needs from an HTTP/1.1 answer's status line and headers: the status and how the body is framed.</summary>
/// <param name="ContentLength">The body's length, or -1 when the answer is chunked or has no Content-Length.</param>
/// <param name="ThreadPoolThreads">The <c>x-threadpool-threads</c> header, or -1.</param>
internal readonly record struct Http1ResponseHead(int StatusCode, long ContentLength, bool Chunked, bool KeepAlive, int ThreadPoolThreads)
{
    /// <summary>Parses the status line and headers, up to and including the blank line that ends them.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an HTTP/1.x answer head.</exception>
    public static Http1ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            throw new InvalidDataException("The answer's head has no line end.");
        }
        var statusLine = head[..lineEnd];
        // "HTTP/1.1 200 OK": version, space, three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int statusCode, out var digits) || digits != 3)
        {
            throw new InvalidDataException($"Not an HTTP/1.x status line: \"{Encoding.ASCII.GetString(statusLine)}\".");
        }
        var keepAlive = statusLine[7] == (byte)'1'; // HTTP/1.1 keeps the connection by default, HTTP/1.0 closes it
        long contentLength = -1;
        var chunked = false;
        var threads = -1;

        for (var rest = head[(lineEnd + 2)..]; ;)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end <= 0)
            {
                break; // the blank line
            }
            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"Not a header line: \"{Encoding.ASCII.GetString(line)}\".");
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out var used) || used != value.Length || contentLength < 0)
                {
                    throw new InvalidDataException($"Not a valid Content-Length: \"{Encoding.ASCII.GetString(value)}\".");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Encoding.ASCII.GetString(value).EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                var connection = Encoding.ASCII.GetString(value);
                keepAlive = connection.Contains("close", StringComparison.OrdinalIgnoreCase) ? false
                    : connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase) || keepAlive;
            }
            else if (Ascii.EqualsIgnoreCase(name, LoadTransport.ThreadPoolThreadsHeader) && Utf8Parser.TryParse(value, out int count, out _))
            {
                threads = count;
            }
        }
        // With chunked framing a Content-Length is ignored (RFC 9112, 6.3).
        return new Http1ResponseHead(statusCode, chunked ? -1 : contentLength, chunked, keepAlive, threads);
    }

    /// <summary>The size of a chunk from its size line: hexadecimal digits, optionally followed by ";extensions".</summary>
    public static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var extensions = line.IndexOf((byte)';');
        var digits = (extensions < 0 ? line : line[..extensions]).TrimEnd((byte)' ');
        if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var used, 'X') || used != digits.Length)
        {
            throw new InvalidDataException($"Not a chunk-size line: \"{Encoding.ASCII.GetString(line)}\".");
        }
        return size;
    }
}
