using System.Globalization;
using System.Net;
using System.Text;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched when opened).</summary>
public static class HtmlReport
{
    private static readonly string[] Palette = ["#d62728", "#ff7f0e", "#9467bd", "#2ca02c", "#1f77b4", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(LoadReport report)
    {
        var percentiles = Show.Percentiles(report);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>Load report — {Escape(report.Command)} {report.StartedAt:yyyy-MM-dd HH:mm}</title>");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<style>" + Css + "</style></head><body>");
        html.AppendLine($"<h1>Load report — {Escape(report.Command)}</h1>");
        html.AppendLine($"<p class=\"muted\">Started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC on {Escape(string.Join(", ", report.Hosts))} ({report.Machines} machine(s)).");
        if (report.Scenarios.Count > 0)
        {
            var first = report.Scenarios[0];
            html.AppendLine($" Load <code>{Escape(first.Simulations)}</code>, warm-up {first.WarmUpSeconds:0.#} s, target {Escape(first.Target)}.");
        }
        html.AppendLine(" Latency is timed from each request's <em>intended</em> start (coordinated-omission corrected); " +
            "“service” is the uncorrected time from the actual send. The bystander is <code>GET /health/live</code> at a low fixed rate.</p>");

        html.AppendLine("<h2>Verdicts</h2><ul class=\"verdicts\">");
        foreach (var scenario in report.Scenarios)
        {
            var failed = scenario.Thresholds.Any(threshold => !threshold.Passed);
            html.AppendLine($"<li class=\"{(failed ? "fail" : "pass")}\">{Escape(scenario.Verdict())}</li>");
        }
        html.AppendLine("</ul>");

        html.AppendLine("<h2>Side by side</h2>");
        html.AppendLine(SummaryTable(report, percentiles));

        var thresholds = report.Scenarios.SelectMany(s => s.Thresholds.Select(t => (s.Name, t))).ToList();
        if (thresholds.Count > 0)
        {
            html.AppendLine("<h2>Thresholds</h2><table><thead><tr><th>scenario</th><th>threshold</th><th>actual</th><th>result</th></tr></thead><tbody>");
            foreach (var (name, threshold) in thresholds)
            {
                html.AppendLine($"<tr><td>{Escape(name)}</td><td><code>{Escape(threshold.Expression)}</code></td><td class=\"num\">{Show.Csv(threshold.Actual)}</td>" +
                    $"<td class=\"{(threshold.Passed ? "pass" : "fail")}\">{(threshold.Passed ? "pass" : "FAIL")}</td></tr>");
            }
            html.AppendLine("</tbody></table>");
        }

        html.AppendLine("<h2>Charts</h2><div class=\"charts\">");
        var colored = report.Scenarios.Select((scenario, index) => (scenario, color: Palette[index % Palette.Length])).ToList();
        html.AppendLine(SvgChart.Line("Latency percentiles (from intended start)", "percentile", "ms",
            [.. colored.Select(c => new ChartSeries(c.scenario.Name, c.color,
                [.. percentiles.Select((p, i) => ((double)i, (double?)(Show.Percentile(c.scenario.Latency, p) / 1000)))]))],
            logY: true, xCategories: [.. percentiles.Select(HistogramData.PercentileName)]));
        html.AppendLine(TimeChart(colored, "p99 latency per second", "ms", s => s.Ok > 0 ? s.P99Ms : null, logY: true));
        html.AppendLine(TimeChart(colored, "Throughput (ok responses per second)", "req/s", s => s.Ok, logY: false));
        html.AppendLine(TimeChart(colored, "Server thread-pool threads", "threads", s => s.ServerThreads, logY: false));
        html.AppendLine(TimeChart(colored, "Server scheduling delay (max in the second)", "ms", s => s.SchedulingDelayMaxMs ?? s.SchedulingDelayMs, logY: true));
        html.AppendLine(TimeChart(colored, "Bystander GET /health/live (max per second)", "ms", s => s.BystanderMaxMs, logY: true));
        html.AppendLine(TimeChart(colored, "Requests in flight (client)", "requests", s => s.InFlight, logY: false));
        html.AppendLine("</div>");

        html.AppendLine("<h2>Errors and status codes</h2><table><thead><tr><th>scenario</th><th>status codes</th><th>errors</th><th>dropped</th></tr></thead><tbody>");
        foreach (var scenario in report.Scenarios)
        {
            html.AppendLine($"<tr><td>{Escape(scenario.Name)}</td><td>{Escape(string.Join(", ", scenario.Requests.StatusCodes.Select(p => $"{p.Key} × {p.Value}")))}</td>" +
                $"<td>{Escape(string.Join(", ", scenario.Requests.Errors.Select(p => $"{p.Key} × {p.Value}")))}</td><td class=\"num\">{scenario.Requests.Dropped}</td></tr>");
        }
        html.AppendLine("</tbody></table>");
        html.AppendLine("<p class=\"muted\">Written by WebDemo.Load. The same numbers are in results.json (schema " + LoadReport.CurrentSchema + "), report.md and the CSV files.</p>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string TimeChart(IReadOnlyList<(ScenarioResult Scenario, string Color)> scenarios, string title, string yLabel,
        Func<SecondSample, double?> value, bool logY) =>
        SvgChart.Line(title, "second", yLabel,
            [.. scenarios.Select(c => new ChartSeries(c.Scenario.Name, c.Color, [.. c.Scenario.TimeSeries.Select(s => ((double)s.Second, value(s)))]))],
            logY);

    private static string SummaryTable(LoadReport report, IReadOnlyList<double> percentiles)
    {
        var html = new StringBuilder("<table><thead><tr><th>scenario</th><th>req/s (ok)</th>");
        foreach (var percentile in percentiles)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{HistogramData.PercentileName(percentile)}</th>");
        }
        html.Append("<th>max</th><th>mean</th><th>service p99</th><th>health p99</th><th>health max</th><th>threads (max)</th><th>sched. delay max</th><th>failed</th><th>dropped</th></tr></thead><tbody>");
        foreach (var scenario in report.Scenarios)
        {
            var latency = scenario.Latency.Histogram();
            var bystander = scenario.Bystander.Latency.Histogram();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(scenario.Name)}</td><td class=\"num\">{Show.Number(scenario.OkRps)}</td>");
            foreach (var percentile in percentiles)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Show.Ms(latency.ValueAtPercentile(percentile))}</td>");
            }
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Show.Ms(latency.MaxMicroseconds)}</td><td class=\"num\">{Show.Ms(latency.MeanMicroseconds)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Show.Ms(Show.Percentile(scenario.ServiceTime, 99))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Show.Ms(bystander.ValueAtPercentile(99))}</td><td class=\"num\">{Show.Ms(bystander.MaxMicroseconds)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{scenario.Server.MaxThreads?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(scenario.Server.MaxSchedulingDelayMs is { } delay ? Show.Ms(delay * 1000) : "n/a")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{scenario.Requests.Failed}</td><td class=\"num\">{scenario.Requests.Dropped}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1500px; padding: 0 1rem; color: #1b1b1b; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
        table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ddd; padding: .3rem .6rem; }
        th { background: #f4f4f4; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .pass { color: #1a7f37; } .fail { color: #cf222e; font-weight: 600; } .muted { color: #666; }
        .verdicts li { font-family: ui-monospace, monospace; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(720px, 1fr)); gap: 1rem; }
        .chart { background: #fff; border: 1px solid #e5e5e5; } .plot { fill: #fcfcfc; stroke: #ccc; }
        .grid { stroke: #eee; } .tick { font-size: 11px; fill: #555; } .axis { font-size: 12px; fill: #333; }
        .legend { font-size: 12px; fill: #333; } .chart-title { font-size: 14px; font-weight: 600; fill: #222; }
        """;
}
