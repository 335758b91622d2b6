using WebDemo.Load.Simulations;
using WebDemo.Load.Thresholds;

namespace WebDemo.Load.Engine;

/// <summary>One scenario: what to call, with which load, and what counts as passing.</summary>
public sealed record ScenarioSettings
{
    public required string Name { get; init; }

    /// <summary>The server, e.g. <c>http://localhost:5000</c>.</summary>
    public required Uri Target { get; init; }

    /// <summary>Path and query of the request under load, e.g. <c>/embeddings/async?latencyMs=100</c>.</summary>
    public required string Path { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>The JSON body sent with every request (null: no body).</summary>
    public byte[]? Body { get; init; }

    public required SimulationPlan Plan { get; init; }

    public TimeSpan WarmUp { get; init; }

    /// <summary>Open model: most requests outstanding at once; an injection beyond it is counted as dropped.</summary>
    public int MaxOutstanding { get; init; } = 5_000;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<double> Percentiles { get; init; } = DefaultPercentiles;

    public string BystanderPath { get; init; } = "/health/live";

    /// <summary>Bystander probes per second; 0 turns the probe off.</summary>
    public double BystanderRate { get; init; } = 5;

    /// <summary>Sample <c>/diagnostics/threadpool</c> once a second.</summary>
    public bool SampleServer { get; init; } = true;

    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    public static IReadOnlyList<double> DefaultPercentiles { get; } = [50, 75, 90, 95, 99, 99.9];

    public string Model =>
        Plan.Steps.Any(step => step.Simulation.IsOpenModel)
            ? Plan.Steps.Any(step => step.Simulation.IsClosedModel) ? "mixed" : "open"
            : "closed";
}
