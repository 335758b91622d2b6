using System.Globalization;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>
/// The contrast a comparison exists to show, in words: each scenario against the one that served the most, by ratio
/// (throughput, then what the bystander health check waited). Neutral on purpose: green and red belong to thresholds.
/// Each aspect is one <see cref="Aspect"/>; adding one (CPU, memory) is adding a function to <see cref="Aspects"/>.
/// A ratio compares alternatives: only scenarios that each had a stage to themselves, under the same load. Scenarios
/// that ran side by side (one load shaped the other's numbers) or at different loads get their own numbers instead
/// (<see cref="WhyNoRatio"/>, <see cref="Separately"/>).
/// </summary>
public static class Comparison
{
    /// <summary>Compares a scenario with the leader; null when there is nothing to say (e.g. no data).</summary>
    public delegate string? Aspect(ScenarioResult leader, ScenarioResult other);

    /// <summary>Within this factor, two numbers are reported as "about the same".</summary>
    private const double Same = 1.05;

    public static IReadOnlyList<Aspect> Aspects { get; } = [Throughput, HealthLatency];

    /// <summary>
    /// The scenario that served the most successful requests per second: what the others are measured against. Of
    /// scenarios within "about the same" of the most, the first listed (e.g. the baseline a mixed run starts with).
    /// </summary>
    public static ScenarioResult? Leader(LoadReport report)
    {
        if (report.Scenarios.Count < 2)
        {
            return null;
        }
        var most = report.Scenarios.Max(scenario => scenario.OkRps);
        return report.Scenarios.First(scenario => scenario.OkRps * Same >= most);
    }

    /// <summary>
    /// One sentence per scenario other than the leader; none for a report of fewer than two scenarios, or of scenarios
    /// that are not alternatives (<see cref="WhyNoRatio"/>).
    /// </summary>
    public static IReadOnlyList<string> Lines(LoadReport report)
    {
        if (WhyNoRatio(report) is not null || Leader(report) is not { } leader)
        {
            return [];
        }
        return [.. report.Scenarios.Where(scenario => !ReferenceEquals(scenario, leader)).Select(other =>
        {
            var clauses = Aspects.Select(aspect => aspect(leader, other)).OfType<string>().ToList();
            return clauses.Count == 0 ? $"{other.Name}: nothing to compare." : string.Join("; ", clauses) + ".";
        })];
    }

    /// <summary>
    /// Why these scenarios' numbers must not be set against each other, or null when they may (or there is only one).
    /// </summary>
    public static string? WhyNoRatio(LoadReport report)
    {
        var scenarios = report.Scenarios;
        if (scenarios.Count < 2)
        {
            return null;
        }
        if (scenarios.Any(scenario => scenario.Stage is null))
        {
            return "the results do not say which scenarios ran at the same time";
        }
        if (scenarios.GroupBy(scenario => scenario.Stage).FirstOrDefault(stage => stage.Count() > 1) is { } together)
        {
            return $"{string.Join(" and ", together.Select(scenario => scenario.Name))} ran side by side against one server, " +
                "so each one's load shaped the other's numbers";
        }
        var loads = scenarios.Select(scenario => scenario.Simulations).Distinct(StringComparer.Ordinal).ToList();
        return loads.Count > 1
            ? $"the scenarios ran under different loads ({string.Join(" vs ", loads)}), so a ratio would measure the loads, not the scenarios"
            : null;
    }

    /// <summary>Each scenario's own numbers, with its load and stage: what a report says instead of ratios.</summary>
    public static IReadOnlyList<string> Separately(LoadReport report) =>
        WhyNoRatio(report) is null ? [] : [.. report.Scenarios.Select(scenario => string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name} (stage {scenario.Stage?.ToString(CultureInfo.InvariantCulture) ?? "?"}, {scenario.Simulations}): " +
            $"{Rps(scenario.OkRps)} req/s, p50 {ReportText.Ms(ReportText.Percentile(scenario.Latency, 50))}, " +
            $"p99 {ReportText.Ms(ReportText.Percentile(scenario.Latency, 99))}, health check p99 {ReportText.Ms(HealthP99(scenario))}"))];

    /// <summary>A ratio as the lines show it: 86×, 1.4×.</summary>
    public static string Times(double ratio) =>
        ratio >= 10 ? ratio.ToString("#,0", CultureInfo.InvariantCulture) + "×" : ratio.ToString("0.0", CultureInfo.InvariantCulture) + "×";

    private static string? Throughput(ScenarioResult leader, ScenarioResult other)
    {
        var (best, rps) = (leader.OkRps, other.OkRps);
        if (rps <= 0)
        {
            return $"{other.Name} completed no request in the load window ({leader.Name}: {Rps(best)} req/s)";
        }
        var ratio = best / rps;
        return ratio < Same
            ? $"{leader.Name} and {other.Name} served about the same throughput ({Rps(best)} vs {Rps(rps)} req/s)"
            : $"{leader.Name} served {Times(ratio)} the throughput of {other.Name} ({Rps(best)} vs {Rps(rps)} req/s)";
    }

    private static string? HealthLatency(ScenarioResult leader, ScenarioResult other)
    {
        if (leader.Bystander.Latency.Count == 0 || other.Bystander.Latency.Count == 0)
        {
            return null;
        }
        var (theirs, ours) = (HealthP99(other), HealthP99(leader));
        var shown = $"p99 {ReportText.Ms(theirs)} vs {ReportText.Ms(ours)}";
        var ratio = theirs / Math.Max(ours, 1);
        return ratio >= Same ? $"a health check waited {Times(ratio)} longer under {other.Name} than under {leader.Name} ({shown})"
            : ratio <= 1 / Same ? $"a health check waited {Times(1 / ratio)} less under {other.Name} than under {leader.Name} ({shown})"
            : $"a health check waited about as long under {other.Name} as under {leader.Name} ({shown})";
    }

    /// <summary>The bystander's p99 in microseconds.</summary>
    public static double HealthP99(ScenarioResult scenario) => ReportText.Percentile(scenario.Bystander.Latency, 99);

    private static string Rps(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
