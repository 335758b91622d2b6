using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Lab;

/// <summary>The lab (section <c>Lab</c>): strategies put under load against this API itself, from the dashboard or Swagger UI.</summary>
public sealed class LabOptions
{
    public const string SectionName = "Lab";

    /// <summary>
    /// Maps <c>/lab/runs</c>. Unset: on in Development only. Outside Development, true also requires the admin key
    /// (<c>Admin:ApiKey</c>, sent as <c>X-Api-Key</c>).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The built <c>WebDemo.Load.dll</c>; unset: <c>load/WebDemo.Load/bin/{configuration}/net10.0</c> of the checkout the API runs from.</summary>
    public string? LoadToolDll { get; set; }

    /// <summary>Where each run's reports go (a folder per run, removed with the run); unset: the system's temporary folder.</summary>
    public string? ReportsFolder { get; set; }

    /// <summary>Runs kept for <c>GET /lab/runs</c>, the newest first; older ones and their reports are dropped.</summary>
    [Range(1, 100)]
    public int KeptRuns { get; set; } = 10;

    /// <summary>Before each strategy, the most seconds to wait for the pool to shrink back (the load tool's pool cool-down option).</summary>
    [Range(0, 120)]
    public int PoolCoolDownSeconds { get; set; } = 40;
}
