using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Load.Measurement;
using WebDemo.Load.Results;

namespace WebDemo.Load.Engine;

/// <summary>
/// Reads the server's thread-pool snapshot (<c>GET /diagnostics/threadpool</c>). Servers without it are fine: the
/// runner then uses the <c>x-threadpool-threads</c> header of the embedding responses instead.
/// </summary>
internal sealed class ServerSampler(HttpClient client, Uri target)
{
    public const string Path = "/diagnostics/threadpool";
    private readonly Uri _uri = new(target, Path);

    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await ReadAsync(timeout.Token) is not null;
    }

    public async Task SampleAsync(ScenarioRecorder recorder, CancellationToken cancellationToken)
    {
        if (await ReadAsync(cancellationToken) is { } snapshot)
        {
            // Filed under the second the answer arrived: that is when the server took the snapshot.
            recorder.RecordServer(Stopwatch.GetTimestamp(), snapshot);
        }
    }

    private async Task<ServerSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(_uri, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
            return await response.Content.ReadFromJsonAsync(ResultJsonContext.Default.ServerSnapshot, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            return null;
        }
    }
}
