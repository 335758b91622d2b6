using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Embeddings.Backends;

public sealed class SimulatedBackendOptions
{
    /// <summary>Fixed wait of every call, like a model server's round trip.</summary>
    [Range(0, 3_600_000)]
    public int BaseLatencyMs { get; set; } = 100;

    /// <summary>Extra wait per input, so a batch costs more than one input but less than many calls.</summary>
    [Range(0, 60_000)]
    public double PerInputLatencyMs { get; set; } = 1;

    /// <summary>Uniform jitter of ± this many ms around the wait.</summary>
    [Range(0, 60_000)]
    public int JitterMs { get; set; }
}
