using System.Globalization;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>
/// The contrast a comparison exists to show, in words: each scenario against the one that served the most, by ratio
/// (throughput, then what the bystander health check waited). Neutral on purpose: green and red belong to thresholds.
/// Each aspect is one <see cref="Aspect"/>; adding one (CPU, memory) is adding a function to <see cref="Aspects"/>.
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

    /// <summary>One sentence per scenario other than the leader; none for a report of fewer than two scenarios.</summary>
    public static IReadOnlyList<string> Lines(LoadReport report)
    {
        if (Leader(report) is not { } leader)
        {
            return [];
        }
        return [.. report.Scenarios.Where(scenario => !ReferenceEquals(scenario, leader)).Select(other =>
        {
            var clauses = Aspects.Select(aspect => aspect(leader, other)).OfType<string>().ToList();
            return clauses.Count == 0 ? $"{other.Name}: nothing to compare." : string.Join("; ", clauses) + ".";
        })];
    }

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
