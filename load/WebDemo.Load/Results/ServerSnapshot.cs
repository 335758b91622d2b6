using System.Text.Json.Serialization;

namespace WebDemo.Load.Results;

/// <summary>The API's <c>GET /diagnostics/threadpool</c> body (the fields the load tool uses).</summary>
public sealed class ServerSnapshot
{
    /// <summary>Only the thread count is known: it came from an <c>x-threadpool-threads</c> response header.</summary>
    [JsonIgnore]
    public bool FromHeader { get; init; }

    public int ThreadCount { get; set; }

    /// <summary>The pool's minimum: below it threads are created on demand.</summary>
    public int MinWorkerThreads { get; set; }

    public long QueueLength { get; set; }

    public long CompletedWorkItems { get; set; }

    public double SchedulingDelayMs { get; set; }

    public double SchedulingDelayMaxMs { get; set; }

    public StarvationCounts? StarvationEvents { get; set; }

    /// <summary>The server's process CPU use (% of all cores), from <c>/diagnostics/backend</c> when it has one.</summary>
    public double? CpuPercent { get; set; }

    /// <summary>Simulated, Http or Local, from <c>/diagnostics/backend</c>.</summary>
    public string? Backend { get; set; }
}
