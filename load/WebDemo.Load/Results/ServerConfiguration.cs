namespace WebDemo.Load.Results;

/// <summary>The API's <c>GET /diagnostics/configuration</c> body (the fields a report shows).</summary>
public sealed class ServerConfiguration
{
    public MachineInfo? Machine { get; set; }

    public string Backend { get; set; } = "";

    public int? LatencyMs { get; set; }

    public double? PerInputLatencyMs { get; set; }

    public int? JitterMs { get; set; }

    public string? UpstreamUrl { get; set; }

    public int? MaxInFlightInputs { get; set; }

    public int? MaxBatchInputs { get; set; }
}
