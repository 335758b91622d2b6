namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

/// <summary>The bystander: <c>GET /health/live</c> at a fixed low rate during the scenario — what everyone else sees.</summary>
public sealed class BystanderResult
{
    public string Path { get; set; } = "/health/live";

    public double RatePerSecond { get; set; }

    public long Requests { get; set; }

    public long Failed { get; set; }

    /// <summary>Latency from each probe's intended start.</summary>
    public HistogramData Latency { get; set; } = new();
}
