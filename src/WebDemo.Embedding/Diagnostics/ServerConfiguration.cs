namespace WebDemo.Embedding.Diagnostics;

// One type for both ends: the API writes it, the load tool reads it into results.json (scenarios[].serverConfiguration).

/// <summary>
/// The body of <c>GET /diagnostics/configuration</c>: the machine and the settings that decide what a load run
/// measures, so a load report can say what it ran against. A contract: fields are only ever added.
/// </summary>
/// <param name="Machine">Where the server runs.</param>
/// <param name="Backend">The embedding backend's kind (Simulated, Http, ...), as configured in Backend:Kind.</param>
/// <param name="LatencyMs">Simulated backend: the wait per call before the per-input cost, ms (null for other backends).</param>
/// <param name="PerInputLatencyMs">Simulated backend: the extra wait per input text, ms.</param>
/// <param name="JitterMs">Simulated backend: random extra wait up to this many ms.</param>
/// <param name="UpstreamUrl">Http backend: the OpenAI-compatible server called (null for other backends).</param>
/// <param name="MaxInFlightInputs">Input texts admitted at once across all strategies; beyond it a request gets 429.</param>
/// <param name="MaxBatchInputs">Most inputs the batched strategy sends in one backend call.</param>
/// <param name="Dimensions">Vector length.</param>
public sealed record ServerConfiguration(
    MachineDescription Machine,
    string Backend,
    int? LatencyMs,
    double? PerInputLatencyMs,
    int? JitterMs,
    string? UpstreamUrl,
    int MaxInFlightInputs,
    int MaxBatchInputs,
    int Dimensions);
