using System.Text.Json;
using WebDemo.Containers.Tests.Infrastructure;

namespace WebDemo.Containers.Tests;

/// <summary>
/// <c>docker-compose up -d api upstream prometheus</c> with <c>BACKEND_KIND=Http</c>: the API calls the upstream by its
/// service name. Grafana and the Aspire dashboard are not started: no image of them can be made without a registry
/// (their provisioning is checked by tests/WebDemo.Deployment.Tests).
/// </summary>
public sealed class RunningStackFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["api", "upstream", "prometheus"];

    internal ComposeProject Project { get; } = new("stack", new Dictionary<string, string> { ["BACKEND_KIND"] = "Http" });

    public IReadOnlyDictionary<string, TimeSpan> HealthyAfter { get; private set; } = new Dictionary<string, TimeSpan>();

    internal StackBuild Images { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public HttpClient Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Images = await StackImages.EnsureBuiltAsync();
        try
        {
            HealthyAfter = await Project.UpAsync(Services);
        }
        catch
        {
            await Project.DisposeAsync(); // what did start is removed all the same
            throw;
        }
        Api = new HttpClient { BaseAddress = Project.ApiAddress, Timeout = TimeSpan.FromSeconds(60) };
        Prometheus = new HttpClient { BaseAddress = Project.PrometheusAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A Prometheus HTTP API answer's <c>data</c>.</summary>
    public async Task<JsonElement> PrometheusAsync(string pathAndQuery) =>
        (await Prometheus.GetJsonAsync(pathAndQuery)).GetProperty("data");

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Prometheus?.Dispose();
        await Project.DisposeAsync();
    }
}
