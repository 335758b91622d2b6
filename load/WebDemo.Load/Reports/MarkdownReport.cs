using System.Text;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>report.md: the side-by-side table and the verdicts, ready to paste into a pull request.</summary>
public static class MarkdownReport
{
    public static string Render(LoadReport report)
    {
        var text = new StringBuilder();
        AppendHeading(text, report);
        text.AppendLine(Table(report, ReportText.Percentiles(report)));
        text.AppendLine(ServerTable(report));
        AppendComparison(text, report);
        AppendVerdicts(text, report);
        AppendThresholds(text, report);
        AppendErrors(text, report);
        return text.ToString();
    }

    /// <summary>The title, the load that was run, and the facts needed to trust and reproduce the numbers.</summary>
    private static void AppendHeading(StringBuilder text, LoadReport report)
    {
        text.AppendLine($"# Load report — {report.Command}, {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        text.AppendLine();
        if (report.Scenarios.Count > 0)
        {
            var first = report.Scenarios[0];
            text.AppendLine($"Load: `{first.Simulations}`, warm-up {first.WarmUpSeconds:0.#} s, target {first.Target}, " +
                $"{report.Machines} machine(s). Latency is measured from each request's intended start (coordinated-omission corrected).");
            text.AppendLine();
        }
        foreach (var (label, value) in RunContext.Facts(report))
        {
            text.AppendLine($"- **{label}:** {value}");
        }
        if (report.CommandLine is { } commandLine)
        {
            text.AppendLine($"- **Reproduce:** `{commandLine}`");
        }
        text.AppendLine();
    }

    private static void AppendComparison(StringBuilder text, LoadReport report)
    {
        var comparison = Comparison.Lines(report);
        var why = Comparison.WhyNoRatio(report);
        if (why is not null)
        {
            (comparison, why) = (Comparison.Separately(report), $"No ratio: {why}. Each scenario on its own:");
        }
        if (comparison.Count == 0)
        {
            return;
        }
        text.AppendLine("## Comparison");
        text.AppendLine();
        text.AppendLine(why ?? $"Each scenario against {Comparison.Leader(report)!.Name}, which served the most:");
        text.AppendLine();
        foreach (var line in comparison)
        {
            text.AppendLine($"- {line}");
        }
        text.AppendLine();
    }

    private static void AppendVerdicts(StringBuilder text, LoadReport report)
    {
        text.AppendLine("## Verdicts");
        text.AppendLine();
        foreach (var scenario in report.Scenarios)
        {
            text.AppendLine($"- {scenario.Verdict()}");
        }
    }

    private static void AppendThresholds(StringBuilder text, LoadReport report)
    {
        var thresholds = report.Scenarios.SelectMany(scenario => scenario.Thresholds.Select(threshold => (scenario.Name, threshold))).ToList();
        if (thresholds.Count == 0)
        {
            return;
        }
        text.AppendLine();
        text.AppendLine("## Thresholds");
        text.AppendLine();
        text.AppendLine("| scenario | threshold | actual | result |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var (name, threshold) in thresholds)
        {
            text.AppendLine($"| {name} | `{threshold.Expression}` | {ReportText.Csv(threshold.Actual)} | {(threshold.Passed ? "pass" : "**FAIL**")} |");
        }
    }

    private static void AppendErrors(StringBuilder text, LoadReport report)
    {
        var errors = report.Scenarios.Where(scenario => scenario.Requests.Errors.Count > 0).ToList();
        if (errors.Count == 0)
        {
            return;
        }
        text.AppendLine();
        text.AppendLine("## Errors");
        text.AppendLine();
        foreach (var scenario in errors)
        {
            text.AppendLine($"- {scenario.Name}: {string.Join(", ", scenario.Requests.Errors.Select(pair => $"{pair.Key} × {pair.Value}"))}");
        }
    }

    /// <summary>Which backend served each scenario, and the server's CPU use next to its thread count: computing or waiting.</summary>
    public static string ServerTable(LoadReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | backend | server CPU (mean) | server CPU (max second) | threads (max) |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var scenario in report.Scenarios)
        {
            var server = scenario.Server;
            text.AppendLine($"| {scenario.Name} | {server.Backend ?? "n/a"} | {Percent(server.MeanCpuPercent)} | {Percent(server.MaxCpuPercent)} | " +
                $"{(server.MaxThreads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a")} |");
        }
        return text.ToString();
    }

    private static string Percent(double? value) =>
        value is { } percent ? percent.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " %" : "n/a";

    /// <summary>The results table alone (also what the README shows).</summary>
    public static string Table(LoadReport report, IReadOnlyList<double> percentiles)
    {
        var text = new StringBuilder();
        text.Append("| scenario | req/s (ok) |");
        foreach (var percentile in percentiles)
        {
            text.Append($" {HistogramData.PercentileName(percentile)} |");
        }
        text.AppendLine(" max | service p99 | health p99 | health max | threads (max) | sched. delay (max) | failed | dropped |");
        text.Append("|---|---:|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", percentiles.Count)));
        text.AppendLine("---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in report.Scenarios)
        {
            var latency = scenario.Latency.Histogram();
            var bystander = scenario.Bystander.Latency.Histogram();
            text.Append($"| {scenario.Name} | {ReportText.Number(scenario.OkRps)} |");
            foreach (var percentile in percentiles)
            {
                text.Append($" {ReportText.Ms(latency.ValueAtPercentile(percentile))} |");
            }
            text.AppendLine($" {ReportText.Ms(latency.MaxMicroseconds)} | {ReportText.Ms(ReportText.Percentile(scenario.ServiceTime, 99))} | " +
                $"{ReportText.Ms(bystander.ValueAtPercentile(99))} | {ReportText.Ms(bystander.MaxMicroseconds)} | " +
                $"{(scenario.Server.MaxThreads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a")} | " +
                $"{(scenario.Server.MaxSchedulingDelayMs is { } delay ? ReportText.Ms(delay * 1000) : "n/a")} | " +
                $"{scenario.Requests.Failed} | {scenario.Requests.Dropped} |");
        }
        return text.ToString();
    }
}
