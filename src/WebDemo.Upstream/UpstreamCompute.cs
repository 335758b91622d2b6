namespace WebDemo.Upstream;

/// <summary>What computes the vectors.</summary>
public enum UpstreamCompute
{
    /// <summary>The hashing embedder after a simulated wait (BaseLatencyMs, PerInputLatencyMs).</summary>
    Hashing,

    /// <summary>The real all-MiniLM-L6-v2 on this process's CPU, through bounded inference workers; no simulated wait.</summary>
    Local,
}
