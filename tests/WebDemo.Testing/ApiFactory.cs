using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;
using Xunit.Abstractions;

namespace WebDemo.Testing;

/// <summary>
/// The API in process (TestServer), one per test: configuration overrides come in as in-memory settings, logs go to
/// the test's output (or, with none, are only kept in <see cref="Logs"/>). Tests start from a fast backend (no
/// simulated latency) and ask for latency per request with <c>?latencyMs=</c> where they need it.
/// </summary>
public sealed class ApiFactory(
    ITestOutputHelper? output,
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
        // In-memory settings as host configuration, layered over appsettings.json.
        foreach (var (key, value) in TestDefaults.Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            LoggingToTheTestOutput(services);
            WithoutTelemetryAtStart(services);
            testServices?.Invoke(services);
        });
    }

    // Serilog replaces the logger factory (Program.cs); the default one, which the host registered first, sends the
    // app's logs to the test's output instead, and so does the Serilog logger that writes the request-completion lines
    // (nothing goes to the console, whose output no one reads here).
    private void LoggingToTheTestOutput(IServiceCollection services)
    {
        Remove(services, descriptor => descriptor.ServiceType == typeof(ILoggerFactory) && descriptor.ImplementationFactory is not null);
        services.AddLogging(logging => logging.ClearProviders().AddProvider(_logs));
        var providers = new LoggerProviderCollection();
        providers.AddProvider(_logs);
        services.AddSingleton<Serilog.ILogger>(new LoggerConfiguration().WriteTo.Providers(providers).CreateLogger());
    }

    // OpenTelemetry's hosted service builds the meter and tracer providers at start, and the starvation listener's
    // starts an EventListener on the runtime's thread-pool events: process-wide machinery. Hundreds of hosts starting
    // and stopping in one test process made this suite hang intermittently with them (2 runs in 3; 0 in 4 without);
    // the app itself runs one host per process. Without their hosted services the SDK is only built if a test scrapes
    // /metrics and the listener never listens; the observability tests cover both in real processes.
    private static void WithoutTelemetryAtStart(IServiceCollection services) =>
        Remove(services, descriptor => descriptor.ServiceType == typeof(IHostedService)
            && descriptor.ImplementationType?.Name is "TelemetryHostedService" or "StarvationListenerLifetime");

    private static void Remove(IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(match).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
