using System.Text.Json;
using System.Text.RegularExpressions;
using WebDemo.Embedding;
using WebDemo.Load.Reports;
using WebDemo.Load.Results;
using WebDemo.Testing;

namespace WebDemo.Load.Tests;

/// <summary>How the report draws: one palette shared with the dashboards, gaps where the server gave no sample, whole seconds.</summary>
public sealed partial class ChartTests
{
    private static readonly string PaletteFile = Path.Combine(RepositoryPaths.Root, "src", "WebDemo.Api", "wwwroot", "dashboard", "strategy-palette.json");

    [Fact]
    public void TheReportTheLiveDashboardAndGrafanaDrawEachStrategyFromTheOnePalette()
    {
        using var palette = JsonDocument.Parse(File.ReadAllText(PaletteFile));
        var strategies = palette.RootElement.GetProperty("strategies").EnumerateObject()
            .ToDictionary(p => p.Name, p => (Color: p.Value.GetProperty("color").GetString()!, Dash: p.Value.GetProperty("dash").EnumerateArray().Select(d => d.GetDouble()).ToList()));
        Assert.Equal(StrategyNames.All.Order(StringComparer.Ordinal), strategies.Keys.Order(StringComparer.Ordinal));
        // Told apart without colour too: every strategy has its own dash pattern and marker.
        Assert.Equal(StrategyNames.All.Count, strategies.Values.Select(s => string.Join(",", s.Dash)).Distinct().Count());
        Assert.Equal(StrategyNames.All.Count, palette.RootElement.GetProperty("strategies").EnumerateObject().Select(p => p.Value.GetProperty("marker").GetString()).Distinct().Count());

        // The report: each strategy's series in its palette colour and dash.
        var html = HtmlReport.Render(ReportOf([.. strategies.Keys.Select(name => Scenario(name, second => 10))]));
        foreach (var (name, style) in strategies)
        {
            var dash = style.Dash.Count == 0 ? "none" : string.Join(' ', style.Dash);
            Assert.Contains($"stroke=\"{style.Color}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\" data-series=\"{name}\"", html, StringComparison.Ordinal);
        }

        // The live dashboard: reads the same file, and names no colour of its own for a strategy.
        var dashboard = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "WebDemo.Api", "wwwroot", "dashboard", "dashboard.js"));
        Assert.Contains("fetch(\"/dashboard/strategy-palette.json\")", dashboard, StringComparison.Ordinal);
        Assert.DoesNotMatch(StrategyColourLiteral(), dashboard);

        // Grafana: every per-strategy panel overrides each strategy's colour and line style with the palette's.
        using var grafana = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "dashboards", "webdemo.json")));
        var perStrategyPanels = grafana.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out var targets)
                && targets.EnumerateArray().Any(t => t.TryGetProperty("legendFormat", out var legend) && legend.GetString()!.Contains("{{webdemo_strategy}}", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(perStrategyPanels);
        foreach (var panel in perStrategyPanels)
        {
            var overrides = panel.GetProperty("fieldConfig").GetProperty("overrides").EnumerateArray().ToList();
            foreach (var (name, style) in strategies)
            {
                var matching = overrides.Where(o => new Regex(o.GetProperty("matcher").GetProperty("options").GetString()!).IsMatch(name)).ToList();
                var single = Assert.Single(matching);
                Assert.Matches(new Regex(single.GetProperty("matcher").GetProperty("options").GetString()!), $"p99 {name}");
                var properties = single.GetProperty("properties").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("value"));
                Assert.Equal(style.Color, properties["color"].GetProperty("fixedColor").GetString());
                var lineStyle = properties["custom.lineStyle"];
                Assert.Equal(style.Dash, lineStyle.TryGetProperty("dash", out var dash) ? dash.EnumerateArray().Select(d => d.GetDouble()).ToList() : []);
            }
        }
    }

    [Fact]
    public void SecondsWithoutAServerSampleAreGapsInTheLineWithAMarkedBandAndANote()
    {
        // The server answered the sampler in seconds 1–3 and 7–9, not in 4–6 (starved).
        var starved = Scenario("blocking", second => second is >= 4 and <= 6 ? null : 20 + second);

        var html = HtmlReport.Render(ReportOf([starved]));

        var threadsChart = Chart(html, "Server thread-pool threads");
        var path = Regex.Match(threadsChart, "<path d=\"(?<d>[^\"]+)\"[^>]*data-series=\"blocking\"").Groups["d"].Value;
        Assert.Equal(2, Regex.Count(path, "M")); // one break: seconds 1–3, then 7–9
        Assert.Single(Regex.Matches(threadsChart, "<rect [^>]*class=\"missing\"><title>"));
        Assert.Contains(HtmlReport.MissingServerSampleNote + " (blocking)", threadsChart, StringComparison.Ordinal);
        Assert.Contains(HtmlReport.MissingServerSampleNote, Chart(html, "Server scheduling delay"), StringComparison.Ordinal);
        // Client-side charts have no gap to explain.
        Assert.DoesNotContain(HtmlReport.MissingServerSampleNote, Chart(html, "p99 latency per second"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheThroughputChartLeavesOutTheLastPartialSecond()
    {
        var scenario = Scenario("async", second => 10);

        var throughput = Chart(HtmlReport.Render(ReportOf([scenario])), "Throughput");

        var path = Regex.Match(throughput, "<path d=\"(?<d>[^\"]+)\"[^>]*data-series=\"async\"").Groups["d"].Value;
        // Measured 10.2 s: seconds 0–9 are whole; second 10 (0.2 s of the last answers) is not plotted.
        Assert.Equal(10, Regex.Count(path, "[ML]"));
    }

    private static string Chart(string html, string title) =>
        Regex.Match(html, $"<svg class=\"chart\"[^>]*><title>{Regex.Escape(title)}.*?</svg>").Value is { Length: > 0 } chart
            ? chart
            : throw new InvalidOperationException($"No chart titled {title}.");

    private static LoadReport ReportOf(List<ScenarioResult> scenarios) => new() { Command = "compare", Scenarios = scenarios };

    /// <summary>A scenario measured for 10.2 s: 100 ok answers a second (20 in the partial last one), server samples as given.</summary>
    private static ScenarioResult Scenario(string name, Func<int, int?> threadsAt) => new()
    {
        Name = name,
        Target = "http://127.0.0.1:5000",
        Method = "POST",
        Path = $"/embeddings/{name}",
        Model = "closed",
        Simulations = "keep-constant(10, 10s)",
        DurationSeconds = 10,
        MeasuredSeconds = 10.2,
        Server = new ServerSummary { Source = "diagnostics" },
        TimeSeries = [.. Enumerable.Range(0, 11).Select(second => new SecondSample
        {
            Second = second,
            Ok = second < 10 ? 100 : 20,
            Requests = second < 10 ? 100 : 20,
            P99Ms = 100,
            ServerThreads = second == 0 ? null : threadsAt(second),
            SchedulingDelayMs = second == 0 || threadsAt(second) is null ? null : 0.5,
        })],
    };

    [GeneratedRegex("\"(blocking|offloaded|sync-over-async|async|batched)\"\\s*:\\s*\"#[0-9a-fA-F]{6}\"")]
    private static partial Regex StrategyColourLiteral();
}
