using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace WebDemo.Benchmarks.Local;

/// <summary>
/// The built API (Release) with the local backend, as its own process on a free loopback port, in its default
/// configuration but for Warning-level logs (wrk writes none either).
/// </summary>
public sealed class ApiUnderTest(Process process, Uri baseAddress, HttpClient client) : IAsyncDisposable
{
    private readonly Process _process = process;

    public Uri BaseAddress => baseAddress;

    /// <summary>CPU time the API process has used so far (every thread: Kestrel, the pool, the inference workers).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Model calls so far, and the inputs they embedded, from <c>GET /diagnostics/backend</c>.</summary>
    public async Task<(long Batches, long Inputs)> ModelCallsAsync()
    {
        var backend = await client.GetFromJsonAsync<BackendCounters>(new Uri("/diagnostics/backend", UriKind.Relative))
            ?? throw new InvalidOperationException("No answer from /diagnostics/backend.");
        return (backend.Batches, backend.BatchedInputs);
    }

    public static async Task<ApiUnderTest> StartAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "WebDemo.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run from inside the checkout.");
        }
        var dll = Path.Combine(root, "src", "WebDemo.Api", "bin", "Release", "net10.0", "WebDemo.Api.dll");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true, // start-up lines only (Warning level); kept out of the benchmark's table
        };
        start.Environment["Backend__Kind"] = "Local";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var api = new ApiUnderTest(Process.Start(start)!, address, probe);
        api._process.OutputDataReceived += (_, _) => { };
        api._process.BeginOutputReadLine();
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        await api.DisposeAsync();
        throw new TimeoutException("The API did not become ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private sealed record BackendCounters(long Batches, long BatchedInputs);
}
