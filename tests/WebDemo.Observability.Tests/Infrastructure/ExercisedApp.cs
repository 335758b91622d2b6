using System.Net.Http.Json;
using WebDemo.Processes;

namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>
/// A real API process in which every strategy has served a request and one request was refused with 429, so every
/// instrument has at least one point on <c>/metrics</c>. Tests only read from it.
/// </summary>
public sealed class ExercisedApp : IAsyncLifetime
{
    private static readonly string[] Strategies = ["blocking", "offloaded", "sync-over-async", "async", "batched"];
    private AppProcess? _process;

    public AppProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _process = await AppProcess.StartAsync("WebDemo.Api", new Dictionary<string, string>
        {
            ["Embeddings__MaxInFlightInputs"] = "2",
            ["Backend__Simulated__BaseLatencyMs"] = "10",
        });
        Client = _process.CreateClient(TimeSpan.FromSeconds(30));
        foreach (var strategy in Strategies)
        {
            using var response = await Client.PostAsJsonAsync($"/embeddings/{strategy}", new { input = "hello" });
            response.EnsureSuccessStatusCode();
        }
        // Three slow single-input requests against a budget of two inputs: at least one is refused.
        var slow = Enumerable.Range(0, 3).Select(_ => Client.PostAsJsonAsync("/embeddings/async?latencyMs=1000", new { input = "slow" }));
        var statuses = (await Task.WhenAll(slow)).Select(r => (int)r.StatusCode).ToList();
        if (!statuses.Contains(429))
        {
            throw new InvalidOperationException($"Expected a 429 among {string.Join(", ", statuses)}.");
        }
    }

    public async Task<string> MetricsAsync() =>
        await Client.GetStringAsync("/metrics").WaitAsync(TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
