using System.Text.Json;

namespace WebDemo.Api.Lab;

/// <summary>
/// One lab run: its settings and what the load tool's progress lines (<c>compare</c> with JSON progress) said so far.
/// Updated from the thread that reads the tool's output, read by the endpoints: everything behind one lock.
/// </summary>
public sealed class LabRun(string id, LabSettings settings, string folder)
{
    private readonly Lock _gate = new();
    private LabRunState _state = LabRunState.Running;
    private LabProgress _progress = new(0, null, 0, settings.Strategies.Count, "starting", 0);
    private LabResult? _result;
    private string? _error;
    private DateTimeOffset? _endedAt;
    private string? _stopReason;

    public string Id { get; } = id;

    public LabSettings Settings { get; } = settings;

    /// <summary>The run's own folder: the load tool writes its reports here.</summary>
    public string Folder { get; } = folder;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The HTML report, once the tool wrote it.</summary>
    public string? ReportFile { get; private set; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _state == LabRunState.Running;
            }
        }
    }

    public LabRunView View()
    {
        lock (_gate)
        {
            return new LabRunView(Id, _state, Settings.Strategies, Settings.Clients, Settings.Seconds, Settings.LatencyMs,
                StartedAt, _endedAt, _progress, _result, _error);
        }
    }

    /// <summary>Called before the tool is killed, so its end reads as stopped, not failed.</summary>
    public void Stopping(string reason)
    {
        lock (_gate)
        {
            _stopReason ??= reason;
        }
    }

    /// <summary>One line of the tool's output; only its JSON progress events count.</summary>
    public void OnLine(string line)
    {
        if (!line.StartsWith("{\"event\"", StringComparison.Ordinal))
        {
            return;
        }
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var name = root.GetProperty("event").GetString();
        lock (_gate)
        {
            if (name == "result")
            {
                ReportFile = root.GetProperty("report").GetString();
                _result = ResultOf(root);
                _progress = _progress with { Fraction = 1, Phase = "done" };
                return;
            }
            var strategy = root.GetProperty("strategy").GetString();
            var index = root.GetProperty("index").GetInt32();
            var count = root.GetProperty("count").GetInt32();
            var within = name switch
            {
                "progress" => Math.Clamp(root.GetProperty("elapsed").GetDouble() / Math.Max(1, root.GetProperty("seconds").GetDouble()), 0, 1),
                "done" => 1,
                _ => 0,
            };
            var phase = name switch { "cooling" => "cooling", "done" => "done", _ => "running" };
            var rps = root.TryGetProperty("rps", out var value) ? value.GetInt64() : 0;
            _progress = new LabProgress(Math.Round((index - 1 + within) / count, 3), strategy, index, count, phase, rps);
        }
    }

    /// <summary>The tool exited: completed when it sent its result, stopped when asked to, failed otherwise.</summary>
    public void Ended(int exitCode, string? lastLines)
    {
        lock (_gate)
        {
            _endedAt = DateTimeOffset.UtcNow;
            (_state, _error) = (_stopReason, _result) switch
            {
                ({ } reason, _) => (LabRunState.Stopped, reason),
                (null, not null) => (LabRunState.Completed, null),
                _ => (LabRunState.Failed, $"The load tool exited with code {exitCode} before its result. {lastLines}".Trim()),
            };
        }
    }

    private LabResult ResultOf(JsonElement root)
    {
        var rows = root.GetProperty("scenarios").EnumerateArray().Select(row => new LabStrategyResult(
            row.GetProperty("name").GetString()!,
            row.GetProperty("rps").GetDouble(),
            row.GetProperty("p50Ms").GetDouble(),
            row.GetProperty("p99Ms").GetDouble(),
            row.GetProperty("healthP99Ms").GetDouble(),
            row.GetProperty("ok").GetInt64(),
            row.GetProperty("failed").GetInt64(),
            Int(row, "threadsAtStart"),
            Int(row, "maxThreads"),
            row.TryGetProperty("worstSchedulingDelayMs", out var delay) ? delay.GetDouble() : null)).ToList();
        var sentences = root.GetProperty("sentences").EnumerateArray().Select(sentence => sentence.GetString()!).ToList();
        var noRatio = root.TryGetProperty("noRatio", out var why) ? why.GetString() : null;
        return new LabResult(rows, sentences, noRatio, $"/lab/runs/{Id}/report");
    }

    private static int? Int(JsonElement row, string name) => row.TryGetProperty(name, out var value) ? value.GetInt32() : null;
}
