using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WebDemo.Testing;

/// <summary>
/// One of the project's apps (WebDemo.Api, WebDemo.Upstream) running as a real process on a loopback port:
/// real Kestrel, a real thread pool of its own, stopped with SIGTERM like a container runtime would.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private AppProcess(Process process, Uri baseAddress, Action<string>? log)
    {
        _process = process;
        BaseAddress = baseAddress;
        _output = new ProcessOutput(log);
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output.Lines;

    /// <summary>
    /// Starts <c>dotnet src/{project}/bin/{Configuration}/net10.0/{project}.dll</c> on a free loopback port and waits
    /// until <paramref name="readyPath"/> answers 200.
    /// </summary>
    /// <param name="settings">Configuration as environment variables (<c>Section__Key</c>).</param>
    /// <param name="log">Receives each output line, e.g. <c>ITestOutputHelper.WriteLine</c>.</param>
    public static Task<AppProcess> StartAsync(
        string project,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<string>? log = null,
        string readyPath = "/health/ready",
        TimeSpan? startTimeout = null)
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutputOf(project), $"{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} first ({RepositoryPaths.Configuration}).", dll);
        }
        return StartAsync(new AppLaunch(dll), settings, log, readyPath, startTimeout);
    }

    /// <summary>
    /// Starts <c>dotnet {dll}</c> from any folder (e.g. a <c>dotnet publish</c> output) on a free loopback port and
    /// waits until <paramref name="readyPath"/> answers 200.
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        AppLaunch launch,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<string>? log = null,
        string readyPath = "/health/ready",
        TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!File.Exists(launch.Dll))
        {
            throw new FileNotFoundException("The app to start does not exist.", launch.Dll);
        }

        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = launch.WorkingDirectory ?? Path.GetDirectoryName(launch.Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(launch.Dll);
        if (launch.PortVariable is null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        }
        else
        {
            start.Environment[launch.PortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {launch.Dll}.");
        var app = new AppProcess(process, baseAddress, log);
        process.OutputDataReceived += (_, e) => app._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => app._output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilReadyAsync(readyPath, startTimeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and Kubernetes do, so the app shuts down gracefully.</summary>
    public void SendSigTerm()
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            SendSigTerm();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(string readyPath, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // until the redirected output is drained, so the message shows why it exited
                throw new InvalidOperationException(
                    $"The app exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, _output.Lines)}");
            }
            try
            {
                using var response = await client.GetAsync(readyPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{BaseAddress}{readyPath.TrimStart('/')} was not ready within {timeout}.");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
