namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

/// <summary>One second of measured time; the client's numbers and the server's sample for the same second.</summary>
public sealed class SecondSample
{
    public int Second { get; set; }

    /// <summary>Requests that completed (ok or failed) in this second.</summary>
    public long Requests { get; set; }

    public long Ok { get; set; }

    public long Failed { get; set; }

    public long Dropped { get; set; }

    /// <summary>Requests outstanding when the second ended.</summary>
    public long InFlight { get; set; }

    public double P50Ms { get; set; }

    public double P99Ms { get; set; }

    public double MaxMs { get; set; }

    /// <summary>Latency of the successful requests that completed in this second (for exact merging).</summary>
    public HistogramData Latency { get; set; } = new();

    public long BystanderRequests { get; set; }

    public double? BystanderMaxMs { get; set; }

    public int? ServerThreads { get; set; }

    public long? QueueLength { get; set; }

    public double? SchedulingDelayMs { get; set; }

    public double? SchedulingDelayMaxMs { get; set; }

    /// <summary>Cumulative starvation + cooperative-blocking injections the server reported so far.</summary>
    public long? StarvationEvents { get; set; }

    /// <summary>The server process's CPU use in this second, % of all cores.</summary>
    public double? CpuPercent { get; set; }
}
