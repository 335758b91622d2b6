using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace WebDemo.Processes;

/// <summary>
/// One of the project's apps (WebDemo.Api, WebDemo.Upstream, WebDemo.Baseline) running as a real process on a free
/// loopback port: real Kestrel, a real thread pool of its own (so one run's grown pool never helps the next), ready when
/// its readiness route answers, stopped with SIGTERM like a container runtime would.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private AppProcess(Process process, Uri baseAddress, ProcessOutput output)
    {
        _process = process;
        BaseAddress = baseAddress;
        _output = output;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>CPU time the process has used so far, on all its threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Everything the process wrote to stdout and stderr so far (the latest lines, if the launch keeps only some).</summary>
    public IReadOnlyCollection<string> Output => _output.Lines;

    /// <summary>
    /// Starts an app as built in this checkout (<c>src/{project}/bin/{Configuration}/net10.0/{project}.dll</c>, see
    /// <see cref="Checkout"/>) on a free loopback port and waits until <paramref name="readyPath"/> answers 200.
    /// </summary>
    /// <param name="settings">Configuration as environment variables (<c>Section__Key</c>).</param>
    /// <param name="log">Receives each output line, e.g. <c>ITestOutputHelper.WriteLine</c>.</param>
    public static Task<AppProcess> StartAsync(
        string project,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<string>? log = null,
        string readyPath = "/health/ready",
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default)
    {
        var root = Checkout.Root ?? throw new InvalidOperationException($"WebDemo.sln not found above {AppContext.BaseDirectory}.");
        var dll = Checkout.BuiltDll(root, project, Checkout.Configuration);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} first ({Checkout.Configuration}).", dll);
        }
        return StartAsync(new AppLaunch(dll), settings, log, readyPath, startTimeout, cancellationToken);
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
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!File.Exists(launch.Dll))
        {
            throw new FileNotFoundException("The app to start does not exist.", launch.Dll);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var process = Process.Start(CreateStartInfo(launch, baseAddress, settings))
            ?? throw new InvalidOperationException($"Could not start {launch.Dll}.");
        var app = new AppProcess(process, baseAddress, new ProcessOutput(log, launch.OutputLinesKept));
        process.OutputDataReceived += (_, e) => app._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => app._output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilReadyAsync(readyPath, startTimeout ?? TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>How the app is started: <c>dotnet {dll}</c> in its own folder, told its address, with <see cref="PrepareEnvironment"/>'s variables.</summary>
    public static ProcessStartInfo CreateStartInfo(AppLaunch launch, Uri baseAddress, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(baseAddress);
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
            start.Environment[launch.PortVariable] = baseAddress.Port.ToString(CultureInfo.InvariantCulture);
        }
        PrepareEnvironment(launch, start.Environment, settings);
        return start;
    }

    /// <summary>
    /// The app's environment: this process's (a copy, as <see cref="ProcessStartInfo.Environment"/> starts) without
    /// the launch's uninherited variables, a Production environment, and the settings.
    /// </summary>
    public static void PrepareEnvironment(AppLaunch launch, IDictionary<string, string?> environment, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in launch.UninheritedVariables)
        {
            environment.Remove(name);
        }
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
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

    /// <summary>SIGTERM, then a kill if the process has not exited within the grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            SendSigTerm();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopGracePeriod);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(string readyPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // until the redirected output is drained, so the message shows why it exited
                throw new InvalidOperationException(
                    $"The app exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, _output.Lines)}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri(readyPath, UriKind.Relative), cancellationToken);
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
        throw new TimeoutException($"{BaseAddress}{readyPath.TrimStart('/')} was not ready within {timeout}.");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
