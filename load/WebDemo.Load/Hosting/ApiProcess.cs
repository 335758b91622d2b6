using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using WebDemo.Load.Engine.Transport;

namespace WebDemo.Load.Hosting;

/// <summary>
/// A fresh WebDemo.Api process on a free loopback port, so one strategy's grown thread pool never helps the next:
/// started with <c>dotnet WebDemo.Api.dll --urls ...</c>, ready when <c>/health/ready</c> answers, stopped with SIGTERM.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>How the API is started: its own process, a Production environment, and the settings of the run.</summary>
    internal static ProcessStartInfo CreateStartInfo(string apiDll, Uri baseAddress, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(apiDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        PrepareEnvironment(start.Environment, settings);
        return start;
    }

    /// <summary>The API's environment: inherited from this process without the client's socket settings, plus the run's.</summary>
    internal static void PrepareEnvironment(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string> settings)
    {
        ClientSocketEngine.RemoveFrom(environment);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
    }

    /// <summary>Configuration for a fresh API: room for the whole load in flight, and no per-request log lines eating CPU.</summary>
    public static Dictionary<string, string> SettingsFor(int concurrentRequests, int inputsPerRequest = 1) => new()
    {
        ["Embeddings__MaxInFlightInputs"] = Math.Max(512, (concurrentRequests * inputsPerRequest) + 64).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Serilog__MinimumLevel__Default"] = "Warning",
        ["Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime"] = "Warning",
    };

    /// <summary>The requested WebDemo.Api.dll, or the one built in this checkout (this tool's configuration first); null if none.</summary>
    public static string? FindApiDll(string? requested)
    {
        if (requested is not null)
        {
            return File.Exists(requested) ? Path.GetFullPath(requested) : null;
        }
        var root = Cli.RepositoryRoot.Find();
        if (root is null)
        {
            return null;
        }
        var ownConfiguration = typeof(ApiProcess).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Release";
        return new[] { ownConfiguration, "Release", "Debug" }
            .Select(configuration => Path.Combine(root, "src", "WebDemo.Api", "bin", configuration, "net10.0", "WebDemo.Api.dll"))
            .FirstOrDefault(File.Exists);
    }

    public static async Task<ApiProcess> StartAsync(string apiDll, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = CreateStartInfo(apiDll, baseAddress, settings);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {apiDll}.");
        var api = new ApiProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    /// <summary>SIGTERM (as <c>docker stop</c> does), then a kill if the process has not exited within the grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The API exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"{BaseAddress}health/ready did not answer within {timeout}.");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
            // Keep the last lines only: enough to explain a failed start.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
