using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebDemo.Testing;

namespace WebDemo.AppHost.Tests;

/// <summary>
/// The AppHost of src/WebDemo.AppHost run in the test process (Aspire.Hosting.Testing), with the dashboard on, on ports
/// the orchestrator picks. Shared by the tests of one class: starting it is the expensive part.
/// </summary>
public sealed class DemoUnderAspire : IAsyncLifetime
{
    public static readonly string[] Resources = ["upstream", "api"];
    public const string DashboardResource = "aspire-dashboard";

    /// <summary>Starting on a busy 2-core machine builds nothing but still starts DCP, the dashboard and two apps.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public TestOutputLoggerProvider Logs { get; } = new(null);

    /// <summary>From StartAsync to the last resource healthy, as Aspire's health checks see it.</summary>
    public TimeSpan StartedToHealthy { get; private set; }

    public Uri DashboardLoginUrl { get; private set; } = null!;

    public string DashboardApiKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.WebDemo_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true }, [], timeout.Token).WaitAsync(StartTimeout);
        builder.Services.AddLogging(logging => logging.AddProvider(Logs));
        _app = await builder.BuildAsync(timeout.Token).WaitAsync(StartTimeout);
        var startedAt = Stopwatch.GetTimestamp();
        await _app.StartAsync(timeout.Token).WaitAsync(StartTimeout);
        foreach (var resource in Resources)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token).WaitAsync(StartTimeout);
        }
        StartedToHealthy = Stopwatch.GetElapsedTime(startedAt);
        DashboardLoginUrl = await _app.GetDashboardUrlAsync(timeout.Token).WaitAsync(StartTimeout);
        // The key the AppHost gave the dashboard for its telemetry API (the Aspire CLI reads telemetry the same way).
        DashboardApiKey = _app.Services.GetRequiredService<IConfiguration>()["AppHost:DashboardApiKey"]
            ?? throw new InvalidOperationException("The AppHost configured no dashboard API key.");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await _app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>The dashboard's own origin (the login URL without its token).</summary>
    public Uri DashboardBase => new(DashboardLoginUrl.GetLeftPart(UriPartial.Authority));

    /// <summary>A client for the dashboard's telemetry API (<c>/api/telemetry/...</c>), which wants the API key.</summary>
    public HttpClient CreateDashboardApiClient()
    {
        var client = new HttpClient { BaseAddress = DashboardBase, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", DashboardApiKey);
        return client;
    }

    /// <summary>Every span the dashboard holds, flattened: trace, service, scope, name, span and parent ids.</summary>
    public static async Task<IReadOnlyList<DashboardSpan>> ReadSpansAsync(HttpClient dashboard)
    {
        using var document = JsonDocument.Parse(await dashboard.GetStringAsync(new Uri("/api/telemetry/spans", UriKind.Relative)));
        var spans = new List<DashboardSpan>();
        foreach (var resourceSpans in document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                var scope = scopeSpans.GetProperty("scope").GetProperty("name").GetString() ?? "";
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new DashboardSpan(span.GetProperty("traceId").GetString()!, service, scope,
                        span.GetProperty("name").GetString()!, span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null));
                }
            }
        }
        return spans;
    }

    public static async Task<IReadOnlyList<DashboardResource>> ReadResourcesAsync(HttpClient dashboard) =>
        await dashboard.GetFromJsonAsync<List<DashboardResource>>(new Uri("/api/telemetry/resources", UriKind.Relative))
        ?? [];

    private static string ServiceName(JsonElement resourceSpans)
    {
        if (resourceSpans.TryGetProperty("resource", out var resource) && resource.TryGetProperty("attributes", out var attributes))
        {
            foreach (var attribute in attributes.EnumerateArray())
            {
                if (attribute.GetProperty("key").GetString() == "service.name")
                {
                    return attribute.GetProperty("value").GetProperty("stringValue").GetString() ?? "";
                }
            }
        }
        return "";
    }
}

public sealed record DashboardSpan(string TraceId, string Service, string Scope, string Name, string SpanId, string? ParentSpanId);

public sealed record DashboardResource(string Name, string InstanceId, bool HasLogs, bool HasTraces, bool HasMetrics);
