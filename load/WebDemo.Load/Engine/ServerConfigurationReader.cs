using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Embedding.Diagnostics;
using WebDemo.Load.Results;

namespace WebDemo.Load.Engine;

/// <summary>
/// Reads the server's <c>GET /diagnostics/configuration</c> (backend, latency, in-flight limit, machine) once before a
/// scenario, for the report's header. A server without it is fine: the report then says nothing about its settings.
/// </summary>
internal static class ServerConfigurationReader
{
    public const string Path = "/diagnostics/configuration";

    public static async Task<ServerConfiguration?> ReadAsync(HttpClient client, Uri target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await client.GetAsync(new Uri(target, Path), timeout.Token);
            return response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadFromJsonAsync(ResultJsonContext.Default.ServerConfiguration, timeout.Token)
                : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            return null;
        }
    }
}
