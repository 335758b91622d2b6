using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WebDemo.Api.Tests.Infrastructure;

/// <summary>
/// The API in process (TestServer), one per test: configuration overrides come in as in-memory settings, logs go to
/// the test's output. Tests start from a fast backend (no simulated latency) and ask for latency per request with
/// <c>?latencyMs=</c> where they need it.
/// </summary>
public sealed class ApiFactory(
    ITestOutputHelper output,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    private static readonly Dictionary<string, string?> TestDefaults = new()
    {
        ["Backend:Simulated:BaseLatencyMs"] = "0",
        ["Backend:Simulated:PerInputLatencyMs"] = "0",
    };

    private readonly TestOutputLoggerProvider _logs = new(output);

    /// <summary>Every line the app logged so far.</summary>
    public IReadOnlyCollection<string> Logs => _logs.Lines;

    public T GetRequiredService<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // In-memory settings as host configuration, layered over appsettings.json
        // (StrategyResponseTests.SettingsOverriddenInTheTestReachTheApp guards that they take effect).
        foreach (var (key, value) in TestDefaults.Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }
        // Replace Serilog's console sink (registered by Program.cs) with the test's output.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_logs));
        builder.ConfigureTestServices(services =>
        {
            WithoutTelemetryAtStart(services);
            testServices?.Invoke(services);
        });
    }

    // The telemetry hosted service creates, at start, the OpenTelemetry SDK and an EventListener on the runtime's
    // thread-pool events, both process-wide machinery. Hundreds of hosts starting and stopping in one test process made
    // this suite hang intermittently (2 runs in 3; 0 in 4 without it); the app itself runs one host per process.
    // Without the hosted service neither is created unless a test asks; the observability tests cover them in real processes.
    private static void WithoutTelemetryAtStart(IServiceCollection services)
    {
        var telemetryLifetime = services.Where(descriptor =>
            descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType?.Name == "TelemetryLifetime").ToList();
        foreach (var descriptor in telemetryLifetime)
        {
            services.Remove(descriptor);
        }
    }
}
