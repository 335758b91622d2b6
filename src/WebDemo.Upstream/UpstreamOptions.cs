using System.ComponentModel.DataAnnotations;
using WebDemo.Embedding;
using WebDemo.Embedding.Local;

namespace WebDemo.Upstream;

/// <summary>How the upstream behaves (section <c>Upstream</c>).</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Upstream";

    [Range(8, 4096)]
    public int Dimensions { get; set; } = HashingEmbedder.DefaultDimensions;

    [Required, MinLength(1)]
    public string Model { get; set; } = "webdemo-hash-384";

    /// <summary>Fixed wait per call, like model inference.</summary>
    [Range(0, 3_600_000)]
    public int BaseLatencyMs { get; set; } = 100;

    /// <summary>Extra wait per input.</summary>
    [Range(0, 60_000)]
    public double PerInputLatencyMs { get; set; } = 1;

    /// <summary>Most inputs per request.</summary>
    [Range(1, 100_000)]
    public int MaxInputs { get; set; } = 2048;

    /// <summary>Hashing (default, simulated latency) or Local (the real model, real CPU time).</summary>
    public UpstreamCompute Compute { get; set; } = UpstreamCompute.Hashing;

    /// <summary>Workers, batch size, queue and window of the real model (when <see cref="Compute"/> is Local).</summary>
    public LocalModelOptions Local { get; set; } = new();

    /// <summary>When set, requests must carry <c>Authorization: Bearer {ApiKey}</c>.</summary>
    public string? ApiKey { get; set; }
}
