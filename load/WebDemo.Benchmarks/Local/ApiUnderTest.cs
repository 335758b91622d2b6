using System.Net.Http.Json;
using WebDemo.Processes;

namespace WebDemo.Benchmarks.Local;

/// <summary>
/// The Release build of the API with the local backend, as its own process (<see cref="AppProcess"/>), in its default
/// configuration but for Warning-level logs (wrk writes none either); plus what the benchmark reads of it.
/// </summary>
public sealed class ApiUnderTest : IAsyncDisposable
{
    private readonly AppProcess _app;
    private readonly HttpClient _client;

    private ApiUnderTest(AppProcess app)
    {
        _app = app;
        _client = app.CreateClient(TimeSpan.FromSeconds(5));
    }

    public Uri BaseAddress => _app.BaseAddress;

    /// <summary>CPU time the API process has used so far (every thread: Kestrel, the pool, the inference workers).</summary>
    public TimeSpan CpuTime => _app.CpuTime;

    public static async Task<ApiUnderTest> StartAsync()
    {
        var root = Checkout.Root ?? throw new InvalidOperationException("Run from inside the checkout.");
        var launch = new AppLaunch(Checkout.BuiltDll(root, "WebDemo.Api", "Release")) { OutputLinesKept = 50 };
        var settings = new Dictionary<string, string>
        {
            ["Backend__Kind"] = "Local",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        return new ApiUnderTest(await AppProcess.StartAsync(launch, settings, startTimeout: TimeSpan.FromSeconds(60)));
    }

    /// <summary>Model calls so far, and the inputs they embedded, from <c>GET /diagnostics/backend</c>.</summary>
    public async Task<(long Batches, long Inputs)> ModelCallsAsync()
    {
        var backend = await _client.GetFromJsonAsync<BackendCounters>(new Uri("/diagnostics/backend", UriKind.Relative))
            ?? throw new InvalidOperationException("No answer from /diagnostics/backend.");
        return (backend.Batches, backend.BatchedInputs);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private sealed record BackendCounters(long Batches, long BatchedInputs);
}
