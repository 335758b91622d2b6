using System.Diagnostics;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>
/// The load tool (<c>WebDemo.Load run</c>) as a process that serves its live client metrics on a free loopback port
/// (<c>--metrics-listen</c>) while it runs; stopped by its own process id.
/// </summary>
public sealed class LoadToolProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LoadToolProcess(Process process, Uri metricsAddress)
    {
        _process = process;
        MetricsAddress = metricsAddress;
    }

    /// <summary>Where Prometheus scrapes it: <c>/metrics</c> under this address.</summary>
    public Uri MetricsAddress { get; }

    public static LoadToolProcess Start(Uri target, string strategy, string load, Action<string> log)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Load"), "WebDemo.Load.dll"), "run", "--target", target.ToString(),
            "--strategy", strategy, "--load", load, "--latency-ms", "10", "--warm-up", "0s", "--format", "json",
            "--out", Directory.CreateTempSubdirectory("webdemo-load-metrics-").FullName, "--metrics-listen", $"127.0.0.1:{port}",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the load tool.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log($"load: {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log($"load: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LoadToolProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }
}
