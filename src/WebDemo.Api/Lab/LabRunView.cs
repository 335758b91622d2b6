namespace WebDemo.Api.Lab;

/// <summary>The body of <c>GET /lab/runs/{id}</c>: the run's settings, state, progress, and its result once completed.</summary>
/// <param name="Error">Why it stopped or failed.</param>
public sealed record LabRunView(
    string Id,
    LabRunState State,
    IReadOnlyList<string> Strategies,
    int Clients,
    int Seconds,
    int LatencyMs,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    LabProgress Progress,
    LabResult? Result,
    string? Error);
