using System.Buffers;
using System.Diagnostics;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// The transport for https:// targets: one <see cref="HttpMessageInvoker"/> over a <see cref="System.Net.Http.SocketsHttpHandler"/>
/// (TLS, pooled connections). It costs the client several times what <see cref="Http1Transport"/> does per request.
/// </summary>
public sealed class HttpClientTransport(Uri uri, HttpMethod method, byte[]? body) : ILoadTransport
{
    private readonly HttpMessageInvoker _invoker = LoadHttpClient.CreateInvoker();

    public async ValueTask<LoadResponse> SendAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }
        // The handler returns once the headers are in; the body is streamed and drained below.
        using var response = await _invoker.SendAsync(request, cancellationToken);
        var bodyBytes = await DrainAsync(response, cancellationToken);
        var threads = response.Headers.NonValidated.TryGetValues(LoadTransport.ThreadPoolThreadsHeader, out var values)
            && int.TryParse(values.ToString(), out var count) ? count : -1;
        return new LoadResponse((int)response.StatusCode, bodyBytes, threads, Stopwatch.GetTimestamp());
    }

    public string ClientName => "HttpClient";

    public void Dispose() => _invoker.Dispose();

    private static async ValueTask<long> DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
