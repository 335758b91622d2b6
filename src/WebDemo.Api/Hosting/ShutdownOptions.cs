using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Hosting;

/// <summary>How the API stops on SIGTERM (section <c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long in-flight requests (including blocked ones and the batch queue) may take to finish after SIGTERM
    /// before the host gives up on them. Keep it below the orchestrator's grace period (docker-compose.yml sets
    /// <c>stop_grace_period</c>; <c>docker stop</c> alone sends SIGKILL after 10 s).
    /// </summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;
}
