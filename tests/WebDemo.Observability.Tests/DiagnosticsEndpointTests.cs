using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>The diagnostics routes and the dashboard's files, served by the API in process (one per test).</summary>
public sealed class DiagnosticsEndpointTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Strategies = ["async", "batched", "blocking", "offloaded", "sync-over-async"];
    private readonly ApiFactory _factory = new(output);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ThreadPoolSnapshotHasTheContractShape()
    {
        using var client = _factory.CreateClient();

        var snapshot = await client.GetFromJsonAsync<JsonElement>("/diagnostics/threadpool").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(DateTimeOffset.TryParse(snapshot.GetProperty("timestamp").GetString(), out _));
        Assert.True(snapshot.GetProperty("threadCount").GetInt32() >= 1);
        Assert.True(snapshot.GetProperty("minWorkerThreads").GetInt32() >= 1);
        Assert.True(snapshot.GetProperty("maxWorkerThreads").GetInt32() >= snapshot.GetProperty("minWorkerThreads").GetInt32());
        Assert.True(snapshot.GetProperty("queueLength").GetInt64() >= 0);
        Assert.True(snapshot.GetProperty("completedWorkItems").GetInt64() > 0);
        Assert.True(snapshot.GetProperty("schedulingDelayMs").GetDouble() >= 0);
        Assert.True(snapshot.GetProperty("schedulingDelayMaxMs").GetDouble() >= 0);
        var events = snapshot.GetProperty("starvationEvents");
        Assert.Equal(["starvation", "cooperativeBlocking", "other"], events.EnumerateObject().Select(p => p.Name));
        var strategies = snapshot.GetProperty("strategies");
        Assert.Superset(Strategies.ToHashSet(), strategies.EnumerateObject().Select(p => p.Name).ToHashSet());
        foreach (var strategy in strategies.EnumerateObject())
        {
            Assert.Equal(["inFlight", "requests", "rps", "p50Ms", "p99Ms"], strategy.Value.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task ConfigurationStatesTheMachineBackendLatencyAndInFlightLimitAStartedServerUses()
    {
        using var configured = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("Backend:Simulated:BaseLatencyMs", "37")
            .UseSetting("Embeddings:MaxInFlightInputs", "321"));
        using var client = configured.CreateClient();

        var configuration = await client.GetFromJsonAsync<JsonElement>("/diagnostics/configuration").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Simulated", configuration.GetProperty("backend").GetString());
        Assert.Equal(37, configuration.GetProperty("latencyMs").GetInt32());
        Assert.Equal(321, configuration.GetProperty("maxInFlightInputs").GetInt32());
        var machine = configuration.GetProperty("machine");
        Assert.Equal(Environment.ProcessorCount, machine.GetProperty("processorCount").GetInt32());
        Assert.True(machine.GetProperty("memoryBytes").GetInt64() > 0);
        Assert.StartsWith(".NET ", machine.GetProperty("runtime").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(machine.GetProperty("os").GetString()));
    }

    [Fact]
    public async Task CompletedRequestsAreCountedPerStrategy()
    {
        using var client = _factory.CreateClient();
        var before = await RequestsOf(client, "offloaded");

        using var response = await client.PostAsJsonAsync("/embeddings/offloaded", new { input = "count me" }).WaitAsync(TimeSpan.FromSeconds(10));
        response.EnsureSuccessStatusCode();

        Assert.True(await RequestsOf(client, "offloaded") > before);
    }

    [Fact]
    public async Task MetricsAreServedAsPrometheusText()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/metrics").WaitAsync(TimeSpan.FromSeconds(10));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE webdemo_thread_pool_threads gauge\n", text);
        Assert.Contains("# TYPE webdemo_thread_pool_scheduling_delay_seconds histogram\n", text);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text);
    }

    [Fact]
    public async Task RootRedirectsToTheDashboard()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/dashboard", "text/html")]
    [InlineData("/dashboard/dashboard.js", "text/javascript")]
    [InlineData("/dashboard/dashboard.css", "text/css")]
    public async Task TheDashboardIsServedByTheApi(string path, string mediaType)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(path).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheAdminLeverDoesNotExistByDefault()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/threadpool/min-threads")
        {
            Content = JsonContent.Create(new { workerThreads = 50 }),
        };
        request.Headers.Add("X-Api-Key", "anything-at-all-0123456789");

        using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<long> RequestsOf(HttpClient client, string strategy)
    {
        var snapshot = await client.GetFromJsonAsync<JsonElement>("/diagnostics/threadpool").WaitAsync(TimeSpan.FromSeconds(10));
        return snapshot.GetProperty("strategies").GetProperty(strategy).GetProperty("requests").GetInt64();
    }
}
