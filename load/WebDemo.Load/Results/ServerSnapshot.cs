using System.Text.Json.Serialization;

namespace WebDemo.Load.Results;

/// <summary>The API's <c>GET /diagnostics/threadpool</c> body (the fields the load tool uses).</summary>
public sealed class ServerSnapshot
{
    /// <summary>Only the thread count is known: it came from an <c>x-threadpool-threads</c> response header.</summary>
    [JsonIgnore]
    public bool FromHeader { get; init; }

    public int ThreadCount { get; set; }

    public long QueueLength { get; set; }

    public long CompletedWorkItems { get; set; }

    public double SchedulingDelayMs { get; set; }

    public double SchedulingDelayMaxMs { get; set; }

    public StarvationCounts? StarvationEvents { get; set; }
}

public sealed class StarvationCounts
{
    public long Starvation { get; set; }

    public long CooperativeBlocking { get; set; }

    public long Other { get; set; }
}
