using System.ComponentModel;

namespace WebDemo.Api.Lab;

/// <summary>The body of <c>POST /lab/runs</c>: what to put under load, how hard and for how long. Every field is optional.</summary>
/// <param name="Strategies">One or more of blocking, offloaded, sync-over-async, async, batched; each in a stage of its own, in this order.</param>
/// <param name="Clients">Concurrent clients (closed model: each sends, waits for its answer, sends again), 1 to 1,000.</param>
/// <param name="Seconds">Seconds of load per strategy, 1 to 60.</param>
/// <param name="LatencyMs">The simulated backend latency of every call (the strategies' <c>?latencyMs=</c>), 1 to 5,000 ms.</param>
public sealed record LabRunRequest(
    [property: Description("Strategies to put under load, one after another."), DefaultValue(new[] { "blocking", "async" })] IReadOnlyList<string>? Strategies = null,
    [property: Description("Concurrent clients, 1 to 1,000."), DefaultValue(LabRunRequest.DefaultClients)] int? Clients = null,
    [property: Description("Seconds of load per strategy, 1 to 60."), DefaultValue(LabRunRequest.DefaultSeconds)] int? Seconds = null,
    [property: Description("Backend latency per call in ms, 1 to 5,000."), DefaultValue(LabRunRequest.DefaultLatencyMs)] int? LatencyMs = null)
{
    public const int DefaultClients = 200;
    public const int MaxClients = 1_000;
    public const int DefaultSeconds = 15;
    public const int MaxSeconds = 60;
    public const int DefaultLatencyMs = 100;
    public const int MaxLatencyMs = 5_000;
}
