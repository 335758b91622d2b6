namespace WebDemo.Api.Lab;

/// <summary>A finished run: the table, the load report's comparison sentences, and the full HTML report.</summary>
/// <param name="Sentences">The comparison the load report writes (each strategy against the one that served the most).</param>
/// <param name="NoRatio">Why there is no comparison, when the run cannot have one (a single strategy has none either).</param>
/// <param name="ReportUrl">The load tool's full HTML report, served by this API.</param>
public sealed record LabResult(IReadOnlyList<LabStrategyResult> Strategies, IReadOnlyList<string> Sentences, string? NoRatio, string ReportUrl);
