using System.Globalization;
using System.Net;
using System.Text;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched when opened).</summary>
public static class HtmlReport
{
    /// <summary>The legend note of a second in which the server sampler got no answer.</summary>
    public const string MissingServerSampleNote = "no server sample that second: the server was too starved to answer";

    public static string Render(LoadReport report)
    {
        var percentiles = ReportText.Percentiles(report);
        var html = new StringBuilder();
        AppendHeader(html, report);
        AppendComparison(html, report);
        AppendVerdicts(html, report);
        html.AppendLine("<h2>Side by side</h2>");
        html.AppendLine(SummaryTable(report, percentiles));
        AppendThresholds(html, report);
        AppendCharts(html, report, percentiles);
        AppendErrors(html, report);
        html.AppendLine("<p class=\"muted\">Written by WebDemo.Load. The same numbers are in results.json (schema " + LoadReport.CurrentSchema + "), report.md and the CSV files.</p>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>Title, then what was run where: load, machine, the API's settings, the client, and the command to run it again.</summary>
    private static void AppendHeader(StringBuilder html, LoadReport report)
    {
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>Load report — {Escape(report.Command)} {report.StartedAt:yyyy-MM-dd HH:mm}</title>");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<style>" + Css + "</style></head><body>");
        html.AppendLine($"<h1>Load report — {Escape(report.Command)}</h1>");
        html.AppendLine("<dl class=\"context\">");
        html.AppendLine($"<dt>Started</dt><dd>{report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC on {Escape(string.Join(", ", report.Hosts))} ({report.Machines} machine(s))</dd>");
        if (report.Scenarios.Count > 0)
        {
            var first = report.Scenarios[0];
            html.AppendLine($"<dt>Load</dt><dd><code>{Escape(first.Simulations)}</code>, warm-up {first.WarmUpSeconds:0.#} s, target {Escape(first.Target)}</dd>");
        }
        foreach (var (label, value) in RunContext.Facts(report))
        {
            html.AppendLine($"<dt>{Escape(label)}</dt><dd>{Escape(value)}</dd>");
        }
        if (report.CommandLine is { } commandLine)
        {
            html.AppendLine($"<dt>Reproduce</dt><dd><code class=\"command\">{Escape(commandLine)}</code></dd>");
        }
        html.AppendLine("</dl>");
        html.AppendLine("<p class=\"muted\">Latency is timed from each request's <em>intended</em> start (coordinated-omission corrected); " +
            "“service” is the uncorrected time from the actual send. The bystander is <code>GET /health/live</code> at a low fixed rate.</p>");
    }

    private static void AppendComparison(StringBuilder html, LoadReport report)
    {
        var lines = Comparison.Lines(report);
        var why = Comparison.WhyNoRatio(report);
        if (why is not null)
        {
            (lines, why) = (Comparison.Separately(report), $"No ratio: {why}. Each scenario on its own.");
        }
        if (lines.Count == 0)
        {
            return;
        }
        var intro = why ?? $"Each scenario against {Comparison.Leader(report)!.Name}, which served the most.";
        html.AppendLine($"<h2>Comparison</h2><p class=\"muted\">{Escape(intro)}</p><ul class=\"comparison\">");
        foreach (var line in lines)
        {
            html.AppendLine($"<li>{Escape(line)}</li>");
        }
        html.AppendLine("</ul>");
    }

    /// <summary>One line per scenario; green or red only when the scenario had thresholds to pass or fail.</summary>
    private static void AppendVerdicts(StringBuilder html, LoadReport report)
    {
        html.AppendLine("<h2>Verdicts</h2><ul class=\"verdicts\">");
        foreach (var scenario in report.Scenarios)
        {
            var state = scenario.Thresholds.Count == 0 ? "neutral" : scenario.Thresholds.All(threshold => threshold.Passed) ? "pass" : "fail";
            html.AppendLine($"<li class=\"{state}\">{Escape(scenario.Verdict())}</li>");
        }
        html.AppendLine("</ul>");
    }

    private static void AppendThresholds(StringBuilder html, LoadReport report)
    {
        var thresholds = report.Scenarios.SelectMany(s => s.Thresholds.Select(t => (s.Name, t))).ToList();
        if (thresholds.Count == 0)
        {
            return;
        }
        html.AppendLine("<h2>Thresholds</h2><div class=\"table-wrap\"><table><thead><tr><th>scenario</th><th>threshold</th><th>actual</th><th>result</th></tr></thead><tbody>");
        foreach (var (name, threshold) in thresholds)
        {
            html.AppendLine($"<tr><td>{Escape(name)}</td><td><code>{Escape(threshold.Expression)}</code></td><td class=\"num\">{ReportText.Csv(threshold.Actual)}</td>" +
                $"<td class=\"{(threshold.Passed ? "pass" : "fail")}\">{(threshold.Passed ? "pass" : "FAIL")}</td></tr>");
        }
        html.AppendLine("</tbody></table></div>");
    }

    private static void AppendCharts(StringBuilder html, LoadReport report, IReadOnlyList<double> percentiles)
    {
        var styled = report.Scenarios.Zip(StrategyPalette.For(report.Scenarios.Select(scenario => scenario.Name))).ToList();
        var missing = ChartData.MissingServerSeconds(report.Scenarios);
        html.AppendLine("<h2>Charts</h2><div class=\"charts\">");
        html.AppendLine(SvgChart.Line(new LineChart("Latency percentiles (from intended start)", "percentile", "ms",
            [.. styled.Select(c => new ChartSeries(c.First.Name, c.Second,
                [.. percentiles.Select((p, i) => ((double)i, (double?)(ReportText.Percentile(c.First.Latency, p) / 1000)))]))],
            LogY: true, XCategories: [.. percentiles.Select(HistogramData.PercentileName)])));
        html.AppendLine(TimeChart(styled, "p99 latency per second", "ms", s => s.Ok > 0 ? s.P99Ms : null, logY: true));
        html.AppendLine(TimeChart(styled, "Throughput (ok responses per second; whole seconds only)", "req/s", s => s.Ok, logY: false, wholeSecondsOnly: true));
        html.AppendLine(TimeChart(styled, "Server thread-pool threads", "threads", s => s.ServerThreads, logY: false, missing));
        html.AppendLine(TimeChart(styled, "Server scheduling delay (max in the second)", "ms", s => s.SchedulingDelayMaxMs ?? s.SchedulingDelayMs, logY: true, missing));
        html.AppendLine(TimeChart(styled, "Bystander GET /health/live (max per second)", "ms", s => s.BystanderMaxMs, logY: true));
        html.AppendLine(TimeChart(styled, "Requests in flight (client)", "requests", s => s.InFlight, logY: false));
        html.AppendLine("</div>");
    }

    private static string TimeChart(IReadOnlyList<(ScenarioResult Scenario, SeriesStyle Style)> scenarios, string title, string yLabel,
        Func<SecondSample, double?> value, bool logY, ChartData.MissingSeconds? missing = null, bool wholeSecondsOnly = false) =>
        SvgChart.Line(new LineChart(title, "second", yLabel,
            [.. scenarios.Select(c => new ChartSeries(c.Scenario.Name, c.Style,
                [.. c.Scenario.TimeSeries.Where(s => !wholeSecondsOnly || ChartData.IsWholeSecond(c.Scenario, s)).Select(s => ((double)s.Second, value(s)))]))],
            logY,
            MissingBands: missing?.Bands,
            MissingNote: missing is { Bands.Count: > 0 } ? $"{MissingServerSampleNote} ({string.Join(", ", missing.Scenarios)})" : null));

    private static void AppendErrors(StringBuilder html, LoadReport report)
    {
        html.AppendLine("<h2>Errors and status codes</h2><div class=\"table-wrap\"><table><thead><tr><th>scenario</th><th>status codes</th><th>errors</th><th>dropped</th></tr></thead><tbody>");
        foreach (var scenario in report.Scenarios)
        {
            html.AppendLine($"<tr><td>{Escape(scenario.Name)}</td><td>{Escape(string.Join(", ", scenario.Requests.StatusCodes.Select(p => $"{p.Key} × {p.Value}")))}</td>" +
                $"<td>{Escape(string.Join(", ", scenario.Requests.Errors.Select(p => $"{p.Key} × {p.Value}")))}</td><td class=\"num\">{scenario.Requests.Dropped}</td></tr>");
        }
        html.AppendLine("</tbody></table></div>");
    }

    private static string SummaryTable(LoadReport report, IReadOnlyList<double> percentiles)
    {
        var html = new StringBuilder("<div class=\"table-wrap\"><table class=\"summary\"><thead><tr><th>scenario</th><th>req/s (ok)</th>");
        foreach (var percentile in percentiles)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{HistogramData.PercentileName(percentile)}</th>");
        }
        html.Append("<th>max</th><th>mean</th><th>service p99</th><th>health p99</th><th>health max</th><th>threads (max)</th><th>sched. delay max</th><th>failed</th><th>dropped</th></tr></thead><tbody>");
        foreach (var scenario in report.Scenarios)
        {
            var latency = scenario.Latency.Histogram();
            var bystander = scenario.Bystander.Latency.Histogram();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(scenario.Name)}</td><td class=\"num\">{ReportText.Number(scenario.OkRps)}</td>");
            foreach (var percentile in percentiles)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{ReportText.Ms(latency.ValueAtPercentile(percentile))}</td>");
            }
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{ReportText.Ms(latency.MaxMicroseconds)}</td><td class=\"num\">{ReportText.Ms(latency.MeanMicroseconds)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{ReportText.Ms(ReportText.Percentile(scenario.ServiceTime, 99))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{ReportText.Ms(bystander.ValueAtPercentile(99))}</td><td class=\"num\">{ReportText.Ms(bystander.MaxMicroseconds)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{scenario.Server.MaxThreads?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(scenario.Server.MaxSchedulingDelayMs is { } delay ? ReportText.Ms(delay * 1000) : "n/a")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{scenario.Requests.Failed}</td><td class=\"num\">{scenario.Requests.Dropped}</td></tr>");
        }
        return html.Append("</tbody></table></div>").ToString();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 1500px; padding: 0 1rem; color: #1b1b1b; }
        h1 { font-size: 1.6rem; margin-bottom: .5rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; }
        dl.context { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 .5rem; }
        dl.context dt { color: #555; } dl.context dd { margin: 0; overflow-wrap: anywhere; }
        code.command { font-size: 12px; }
        .table-wrap { max-width: 100%; overflow-x: auto; }
        table { border-collapse: collapse; margin: .5rem 0; font-size: 12.5px; } th, td { border: 1px solid #ddd; padding: .2rem .4rem; }
        th { background: #f4f4f4; text-align: left; white-space: nowrap; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td:first-child { white-space: nowrap; }
        .pass { color: #1a7f37; } .fail { color: #cf222e; font-weight: 600; } .neutral { color: #1b1b1b; } .muted { color: #666; }
        .verdicts li { font-family: ui-monospace, monospace; } .comparison li { margin: .2rem 0; }
        .charts { display: grid; grid-template-columns: 1fr; gap: 1rem; }
        .chart { display: block; width: 100%; height: auto; background: #fff; border: 1px solid #e5e5e5; } .plot { fill: #fcfcfc; stroke: #ccc; }
        .grid { stroke: #eee; } .tick { font-size: 11px; fill: #555; } .axis { font-size: 12px; fill: #333; }
        .legend { font-size: 12px; fill: #333; } .legend-note { font-size: 12px; fill: #555; font-style: italic; }
        .missing { fill: #9a9a9a; fill-opacity: .22; stroke: #777; stroke-dasharray: 3 3; stroke-opacity: .6; }
        .chart-title { font-size: 14px; font-weight: 600; fill: #222; }
        """;
}
