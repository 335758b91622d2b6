using System.Net.Http.Json;

namespace WebDemo.Testing;

/// <summary>
/// The requests after which every series the Grafana dashboard draws exists on an API: one request per strategy (each
/// strategy's rows, the batcher's panels), a refused one (the 429 panel), a liveness probe (the bystander panel). The
/// starvation panels need starvation besides: a blocking load (<see cref="ConcurrentLoad"/>).
/// </summary>
public static class DashboardTraffic
{
    public static readonly string[] Strategies = ["blocking", "offloaded", "sync-over-async", "async", "batched"];

    public static async Task SendAsync(HttpClient api)
    {
        foreach (var strategy in Strategies)
        {
            using var response = await api.PostAsJsonAsync($"/embeddings/{strategy}?latencyMs=10", new { input = "hello" });
            response.EnsureSuccessStatusCode();
        }
        await RefuseOneRequestAsync(api);
        (await api.GetAsync("/health/live")).Dispose();
    }

    // A 429: two requests that each fill the in-flight input budget (512) at once. (Under blocking load the budget is
    // never reached: the starved pool admits only as many requests as it has threads.)
    private static async Task RefuseOneRequestAsync(HttpClient api)
    {
        var inputs = Enumerable.Repeat("fill the budget", 600).ToArray();
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            api.PostAsJsonAsync("/embeddings/async?latencyMs=1000", new { input = inputs })));
        var statuses = answers.Select(answer => (int)answer.StatusCode).ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
        if (!statuses.Contains(429))
        {
            throw new InvalidOperationException($"Two requests over the input budget were not refused: {string.Join(", ", statuses)}.");
        }
    }
}
