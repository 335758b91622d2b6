namespace WebDemo.Api.Lab;

/// <summary>How far a run has got.</summary>
/// <param name="Fraction">0 to 1 over all strategies (their load windows; the cool-downs between them are not counted).</param>
/// <param name="Strategy">The strategy under load now, or waiting for the pool to shrink before it.</param>
/// <param name="Index">Its place in the run (1-based), of <paramref name="Count"/>.</param>
/// <param name="Phase"><c>starting</c>, <c>cooling</c> (waiting for the pool to shrink), <c>running</c> or <c>done</c>.</param>
/// <param name="RequestsPerSecond">Requests the load tool saw completed in the last second.</param>
public sealed record LabProgress(double Fraction, string? Strategy, int Index, int Count, string Phase, long RequestsPerSecond);
