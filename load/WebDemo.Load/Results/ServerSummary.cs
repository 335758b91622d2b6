namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

/// <summary>What the server's thread pool did: from <c>/diagnostics/threadpool</c>, or the <c>x-threadpool-threads</c> header.</summary>
public sealed class ServerSummary
{
    /// <summary><c>diagnostics</c>, <c>header</c> or <c>none</c>.</summary>
    public string Source { get; set; } = "none";

    public int? MaxThreads { get; set; }

    public int? ThreadsAtEnd { get; set; }

    public long? MaxQueueLength { get; set; }

    public double? MaxSchedulingDelayMs { get; set; }

    /// <summary>Thread injections by the starvation and cooperative-blocking heuristics during the scenario.</summary>
    public long? StarvationEvents { get; set; }

    /// <summary>The server's backend (Simulated, Http, Local) when it reports one.</summary>
    public string? Backend { get; set; }

    /// <summary>The server process's CPU use over the scenario, % of all cores (mean and highest second).</summary>
    public double? MeanCpuPercent { get; set; }

    public double? MaxCpuPercent { get; set; }
}
