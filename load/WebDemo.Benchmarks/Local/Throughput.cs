namespace WebDemo.Benchmarks.Local;

/// <summary>What a run embedded per second, and how many cores of this process it kept busy doing so.</summary>
public readonly record struct Throughput(double TextsPerSecond, double Cores)
{
    /// <summary>CPU time per text, in milliseconds: the cost of one embedding, whoever pays it.</summary>
    public double CpuMsPerText => TextsPerSecond > 0 ? 1000 * Cores / TextsPerSecond : double.NaN;
}
