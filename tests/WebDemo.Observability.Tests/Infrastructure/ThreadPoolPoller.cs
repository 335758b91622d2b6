using System.Net.Http.Json;
using System.Text.Json;

namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>Polls <c>/diagnostics/threadpool</c> like the dashboard does, keeping every answer.</summary>
public sealed class ThreadPoolPoller(HttpClient client)
{
    private readonly List<JsonElement> _snapshots = [];

    public IReadOnlyList<JsonElement> Snapshots => _snapshots;

    public double MaxSchedulingDelayMs =>
        _snapshots.Count == 0 ? 0 : _snapshots.Max(s => Math.Max(s.GetProperty("schedulingDelayMs").GetDouble(), s.GetProperty("schedulingDelayMaxMs").GetDouble()));

    public static async Task<JsonElement> GetAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/diagnostics/threadpool").WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Starvation plus cooperative-blocking injections counted in a snapshot.</summary>
    public static long InjectionsOf(JsonElement snapshot)
    {
        var events = snapshot.GetProperty("starvationEvents");
        return events.GetProperty("starvation").GetInt64() + events.GetProperty("cooperativeBlocking").GetInt64();
    }

    /// <summary>Polls once a second (each poll may itself wait for a starved server) until the token fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            _snapshots.Add(await GetAsync(client));
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
