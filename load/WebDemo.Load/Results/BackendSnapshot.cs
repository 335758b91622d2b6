namespace WebDemo.Load.Results;

/// <summary>The API's <c>GET /diagnostics/backend</c> body (the fields the load tool uses).</summary>
public sealed class BackendSnapshot
{
    public string? Backend { get; set; }

    public double CpuPercent { get; set; }
}
