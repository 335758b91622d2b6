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
    public const string BackendPath = "/diagnostics/backend";
    private readonly Uri _uri = new(target, Path);
    private readonly Uri _backendUri = new(target, BackendPath);

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

    /// <summary>The server's snapshot now; null when it has none or does not answer.</summary>
    public async Task<ServerSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(_uri, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
            var snapshot = await response.Content.ReadFromJsonAsync(ResultJsonContext.Default.ServerSnapshot, cancellationToken);
            if (snapshot is not null && await ReadBackendAsync(cancellationToken) is { } backend)
            {
                snapshot.CpuPercent = backend.CpuPercent;
                snapshot.Backend = backend.Backend;
            }
            return snapshot;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            return null;
        }
    }

    // CPU use next to the thread count tells computing from waiting; servers without the route simply have no CPU column.
    private async Task<BackendSnapshot?> ReadBackendAsync(CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(_backendUri, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? await response.Content.ReadFromJsonAsync(ResultJsonContext.Default.BackendSnapshot, cancellationToken)
            : null;
    }
}
