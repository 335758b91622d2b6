using System.Text.Json;
using WebDemo.Containers.Tests.Infrastructure;

namespace WebDemo.Containers.Tests;

/// <summary>
/// <c>docker-compose up -d --scale api=2 api upstream prometheus</c>: two API replicas, each published on its own host
/// port, both behind the service name "api" on the compose network, both found by Prometheus' DNS discovery.
/// </summary>
public sealed class ScaledStackFixture : IAsyncLifetime
{
    public const int Replicas = 2;

    internal ComposeProject Project { get; } = new("scaled", apiReplicas: Replicas);

    public HttpClient Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await Project.UpAsync(["api", "upstream", "prometheus"]);
        }
        catch
        {
            await Project.DisposeAsync();
            throw;
        }
        Prometheus = new HttpClient { BaseAddress = Project.PrometheusAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Every replica healthy again (a test may have killed or starved one): started if stopped, then probed.</summary>
    internal async Task<IReadOnlyList<Replica>> ReplicasAsync()
    {
        (await Project.ComposeAsync(TimeSpan.FromMinutes(2), "up", "-d", "--no-build", "--scale", $"api={Replicas}", "api")).Checked("docker-compose up --scale api=2");
        await Project.WaitHealthyAsync("api");
        var replicas = new List<Replica>();
        foreach (var container in await Project.ContainersOfAsync("api"))
        {
            var inspected = await ComposeProject.InspectContainerAsync(container);
            replicas.Add(new Replica(container, $"{ComposeProject.AddressOf(inspected)}:8080", ComposeProject.PublishedAddressOf(inspected)));
        }
        return [.. replicas.OrderBy(replica => replica.Instance, StringComparer.Ordinal)];
    }

    /// <summary>A Prometheus HTTP API answer's <c>data</c>.</summary>
    public async Task<JsonElement> PrometheusAsync(string pathAndQuery) =>
        (await Prometheus.GetJsonAsync(pathAndQuery)).GetProperty("data");

    /// <summary>An instant query's result vector.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promQl) =>
        [.. (await PrometheusAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}")).GetProperty("result").EnumerateArray()];

    public async Task DisposeAsync()
    {
        Prometheus?.Dispose();
        await Project.DisposeAsync();
    }
}

/// <summary>One API container: its id, its Prometheus <c>instance</c> (address:port on the network), its host port.</summary>
internal sealed record Replica(string Container, string Instance, Uri Published);
