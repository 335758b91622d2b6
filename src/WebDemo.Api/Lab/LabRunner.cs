using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using WebDemo.Embedding.Threading;

namespace WebDemo.Api.Lab;

/// <summary>
/// Runs the lab: one run at a time, each a child process of the load tool (<c>WebDemo.Load compare</c> against
/// http://127.0.0.1:port, with JSON progress lines), so the load comes from a process whose thread pool the API cannot starve
/// — a client in this process would stop sending exactly when the server starves, and report a healthier server than
/// there is. The tool's output is read on a dedicated thread for the same reason. Keeps the last
/// <see cref="LabOptions.KeptRuns"/> runs (older ones and their reports are deleted); stops a running one at once on
/// DELETE or when the API shuts down (the API then drains the requests the tool had in flight, as it drains any).
/// </summary>
public sealed partial class LabRunner : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<LabRun> _runs = new();
    private readonly Dictionary<string, Process> _processes = [];
    private readonly LabOptions _options;
    private readonly LoadTool _tool;
    private readonly ILogger<LabRunner> _logger;
    private readonly CancellationTokenRegistration _onStopping;
    private readonly string _folder;

    public LabRunner(IOptions<LabOptions> options, LoadTool tool, ILogger<LabRunner> logger, IHostApplicationLifetime lifetime)
    {
        _options = options.Value;
        _tool = tool;
        _logger = logger;
        _folder = _options.ReportsFolder ?? Path.Combine(Path.GetTempPath(), $"webdemo-lab-{Environment.ProcessId}");
        _onStopping = lifetime.ApplicationStopping.Register(() => StopRunning("The API is shutting down."));
    }

    /// <summary>The newest runs first, at most <see cref="LabOptions.KeptRuns"/>.</summary>
    public IReadOnlyList<LabRun> Recent()
    {
        lock (_gate)
        {
            return [.. _runs];
        }
    }

    public LabRun? Find(string id)
    {
        lock (_gate)
        {
            return _runs.FirstOrDefault(run => run.Id == id);
        }
    }

    /// <summary>Starts a run against <paramref name="target"/>; when one is already running, returns that one, not started.</summary>
    /// <exception cref="FileNotFoundException">The load tool is not built.</exception>
    public (LabRun Run, bool Started) Start(LabSettings settings, Uri target)
    {
        var dll = _tool.Find(out var lookedAt)
            ?? throw new FileNotFoundException($"The load tool is not built: looked for {lookedAt}. Build it: dotnet build load/WebDemo.Load.");
        lock (_gate)
        {
            if (_runs.FirstOrDefault(run => run.IsRunning) is { } running)
            {
                return (running, false);
            }
            var id = Guid.NewGuid().ToString("N")[..12];
            var run = new LabRun(id, settings, Path.Combine(_folder, id));
            Directory.CreateDirectory(run.Folder);
            var process = Process.Start(StartInfo(dll, run, target))!;
            _processes[id] = process;
            _runs.AddFirst(run);
            Forget();
            LogStarted(_logger, id, string.Join(",", settings.Strategies), settings.Clients, settings.Seconds, process.Id);
            // Not under the POST's trace: the reader outlives the request that started it.
            using (ExecutionContext.SuppressFlow())
            {
                _ = DedicatedThread.Start($"lab-{id}", () => Follow(run, process));
            }
            return (run, true);
        }
    }

    /// <summary>Stops the run at once (kills the load tool); false when it is not running.</summary>
    public bool Stop(string id, string reason)
    {
        Process? process;
        LabRun? run;
        lock (_gate)
        {
            run = _runs.FirstOrDefault(candidate => candidate.Id == id);
            if (run is null || !run.IsRunning || !_processes.TryGetValue(id, out process))
            {
                return false;
            }
        }
        run.Stopping(reason);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had just exited on its own (and may be disposed already).
        }
        // The reading thread records the end once the tool's output closes; answer after that, so the run reads as stopped.
        SpinWait.SpinUntil(() => !run.IsRunning, TimeSpan.FromSeconds(10));
        LogStopped(_logger, id, reason);
        return true;
    }

    public void Dispose()
    {
        _onStopping.Dispose();
        StopRunning("The API is shutting down.");
    }

    private void StopRunning(string reason)
    {
        if (Recent().FirstOrDefault(run => run.IsRunning) is { } running)
        {
            Stop(running.Id, reason);
        }
    }

    /// <summary>Reads the tool's output to its end (on a dedicated thread: this process's pool may be starved), then records how it ended.</summary>
    private void Follow(LabRun run, Process process)
    {
        var last = new Queue<string>();
        try
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                run.OnLine(line);
                last.Enqueue(line);
                if (last.Count > 3)
                {
                    last.Dequeue();
                }
            }
            process.WaitForExit();
            run.Ended(process.ExitCode, string.Join(" ", last.Where(line => !line.StartsWith('{'))));
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or IOException)
        {
            run.Ended(-1, exception.Message);
        }
        finally
        {
            lock (_gate)
            {
                _processes.Remove(run.Id);
            }
            process.Dispose();
            LogEnded(_logger, run.Id, run.View().State);
        }
    }

    /// <summary>Drops the oldest finished runs beyond the kept number, with their reports.</summary>
    private void Forget()
    {
        while (_runs.Count > _options.KeptRuns && _runs.Last is { Value.IsRunning: false } oldest)
        {
            _runs.RemoveLast();
            try
            {
                Directory.Delete(oldest.Value.Folder, recursive: true);
            }
            catch (IOException)
            {
                // A report someone has open: the temporary folder keeps it.
            }
        }
    }

    private ProcessStartInfo StartInfo(string dll, LabRun run, Uri target)
    {
        var settings = run.Settings;
        var start = new ProcessStartInfo(LoadTool.DotNetHost)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            dll, "compare", "--target", target.ToString(),
            "--strategies", string.Join(",", settings.Strategies),
            "--load", string.Create(CultureInfo.InvariantCulture, $"keep-constant({settings.Clients}, {settings.Seconds}s)"),
            "--warm-up", "0s",
            "--latency-ms", settings.LatencyMs.ToString(CultureInfo.InvariantCulture),
            "--cool-down", "0s",
            "--pool-cool-down", string.Create(CultureInfo.InvariantCulture, $"{_options.PoolCoolDownSeconds}s"),
            "--progress", "json",
            "--format", "html,json",
            "--out", run.Folder,
        })
        {
            start.ArgumentList.Add(argument);
        }
        // No colours or live view: plain lines for the reader.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        return start;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lab run {RunId} started: {Strategies}, {Clients} clients, {Seconds} s each (load tool pid {Pid})")]
    private static partial void LogStarted(ILogger logger, string runId, string strategies, int clients, int seconds, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lab run {RunId} stopped: {Reason}")]
    private static partial void LogStopped(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lab run {RunId} ended: {State}")]
    private static partial void LogEnded(ILogger logger, string runId, LabRunState state);
}
