using System.Globalization;
using System.Net;
using System.Text;

namespace WebDemo.Load.Reports;

/// <summary>A series of a line chart: a name, how it is drawn, and its points (a null y is a gap).</summary>
internal sealed record ChartSeries(string Name, SeriesStyle Style, IReadOnlyList<(double X, double? Y)> Points);

/// <summary>What one chart shows.</summary>
/// <param name="MissingBands">x ranges in which data should exist and does not, shaded and explained by <paramref name="MissingNote"/>.</param>
internal sealed record LineChart(
    string Title, string XLabel, string YLabel, IReadOnlyList<ChartSeries> Series, bool LogY,
    IReadOnlyList<string>? XCategories = null, IReadOnlyList<(double From, double To)>? MissingBands = null, string? MissingNote = null);

/// <summary>
/// Small inline-SVG line charts, so the HTML report is one self-contained file that draws offline. The chart scales to
/// the page's width (viewBox); the legend sits under the plot. Log scale for latency (a 100 ms async run and an 8 s
/// sync-over-async run share one chart). Gaps in a series break its path; a lone point between gaps gets a marker.
/// </summary>
internal static class SvgChart
{
    private const int Width = 1000;
    private const int PlotHeight = 190;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 30;
    private const int AxisSpace = 40;
    private const int LegendRow = 20;
    private const int MarkersPerSeries = 12;

    public static string Line(LineChart chart)
    {
        var legend = LegendLayout(chart);
        var height = Top + PlotHeight + AxisSpace + (legend.Rows * LegendRow) + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(chart.Title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" class=\"chart-title\">{Escape(chart.Title)}</text>");
        var points = chart.Series.SelectMany(s => s.Points).Where(p => p.Y is not null).ToList();
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Top + (PlotHeight / 2)}\" text-anchor=\"middle\" class=\"muted\">no data</text></svg>");
            return svg.ToString();
        }
        var scale = Scale.For(chart, points);
        AppendAxes(svg, chart, scale);
        AppendMissingBands(svg, chart, scale);
        foreach (var series in chart.Series)
        {
            AppendSeries(svg, series, scale);
        }
        AppendLegend(svg, legend);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Maps data to SVG coordinates: x linear, y linear from 0 or logarithmic over whole decades.</summary>
    private sealed record Scale(double XMin, double XMax, double YMin, double YMax, bool LogY)
    {
        public const int PlotWidth = Width - Left - Right;

        public static Scale For(LineChart chart, List<(double X, double? Y)> points)
        {
            var xs = points.Select(p => p.X).Concat(chart.MissingBands?.SelectMany(band => new[] { band.From, band.To }) ?? []).ToList();
            // Time charts start at second 0, so that charts stacked on the page line up.
            var xMin = chart.XCategories is null ? Math.Min(0, xs.Min()) : xs.Min();
            var xMax = Math.Max(xs.Max(), xMin + 1);
            var values = points.Select(p => p.Y!.Value).ToList();
            if (!chart.LogY)
            {
                return new Scale(xMin, xMax, 0, NiceCeiling(Math.Max(values.Max(), 1)), LogY: false);
            }
            var positive = values.Where(y => y > 0).DefaultIfEmpty(1).ToList();
            var yMin = Math.Pow(10, Math.Floor(Math.Log10(positive.Min())));
            return new Scale(xMin, xMax, yMin, Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(positive.Max(), yMin * 10)))), LogY: true);
        }

        public double X(double x) => Left + ((x - XMin) / (XMax - XMin) * PlotWidth);

        public double Y(double y) => LogY
            ? Top + PlotHeight - ((Math.Log10(Math.Max(y, YMin)) - Math.Log10(YMin)) / (Math.Log10(YMax) - Math.Log10(YMin)) * PlotHeight)
            : Top + PlotHeight - (y / YMax * PlotHeight);

        public IEnumerable<double> YTicks => LogY ? LogTicks(YMin, YMax) : LinearTicks(YMax);
    }

    private static void AppendAxes(StringBuilder svg, LineChart chart, Scale scale)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Scale.PlotWidth}\" height=\"{PlotHeight}\" class=\"plot\"/>");
        foreach (var tick in scale.YTicks)
        {
            var y = scale.Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + Scale.PlotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Escape(Format(tick))}</text>");
        }
        var xTicks = chart.XCategories is { } categories
            ? categories.Select((label, index) => ((double)index, label))
            : LinearTicks(scale.XMax, scale.XMin).Select(tick => (tick, Format(tick)));
        foreach (var (x, label) in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{scale.X(x):0.#}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\" class=\"tick\">{Escape(label)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (Scale.PlotWidth / 2)}\" y=\"{Top + PlotHeight + 34}\" text-anchor=\"middle\" class=\"axis\">{Escape(chart.XLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {Top + (PlotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{Escape(chart.YLabel)}{(chart.LogY ? " (log)" : "")}</text>");
    }

    /// <summary>Shades the x ranges without data, so a missing sample reads as a finding, not as a line between neighbours.</summary>
    private static void AppendMissingBands(StringBuilder svg, LineChart chart, Scale scale)
    {
        foreach (var (from, to) in chart.MissingBands ?? [])
        {
            var left = scale.X(from);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{left:0.#}\" y=\"{Top}\" width=\"{Math.Max(2, scale.X(to) - left):0.#}\" height=\"{PlotHeight}\" class=\"missing\"><title>{Escape(chart.MissingNote ?? "no data")}</title></rect>");
        }
    }

    /// <summary>One path per series, broken (a new M) at every gap; markers spread along it and on every lone point.</summary>
    private static void AppendSeries(StringBuilder svg, ChartSeries series, Scale scale)
    {
        var runs = Runs(series.Points);
        var path = new StringBuilder();
        foreach (var run in runs)
        {
            for (var index = 0; index < run.Count; index++)
            {
                path.Append(CultureInfo.InvariantCulture, $"{(index == 0 ? "M" : "L")}{scale.X(run[index].X):0.#},{scale.Y(run[index].Y):0.#} ");
            }
        }
        var style = series.Style;
        svg.Append(CultureInfo.InvariantCulture,
            $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{style.Color}\" stroke-width=\"2\" stroke-dasharray=\"{style.DashArray}\" data-series=\"{Escape(series.Name)}\"><title>{Escape(series.Name)}</title></path>");
        var all = runs.SelectMany(run => run).ToList();
        var every = Math.Max(1, (int)Math.Ceiling(all.Count / (double)MarkersPerSeries));
        var marked = all.Where((_, index) => index % every == 0).Concat(runs.Where(run => run.Count == 1).Select(run => run[0])).Distinct();
        foreach (var (x, y) in marked)
        {
            svg.Append(Marker(style, scale.X(x), scale.Y(y), $"{series.Name}: {Format(y)}"));
        }
    }

    private static string Marker(SeriesStyle style, double x, double y, string title)
    {
        var (element, geometry) = style.Marker switch
        {
            "square" => ("rect", string.Create(CultureInfo.InvariantCulture, $"x=\"{x - 3.5:0.#}\" y=\"{y - 3.5:0.#}\" width=\"7\" height=\"7\"")),
            "triangle" => ("path", string.Create(CultureInfo.InvariantCulture, $"d=\"M{x:0.#},{y - 4.5:0.#} L{x + 4.5:0.#},{y + 3.5:0.#} L{x - 4.5:0.#},{y + 3.5:0.#} Z\"")),
            "diamond" => ("path", string.Create(CultureInfo.InvariantCulture, $"d=\"M{x:0.#},{y - 5:0.#} L{x + 4.5:0.#},{y:0.#} L{x:0.#},{y + 5:0.#} L{x - 4.5:0.#},{y:0.#} Z\"")),
            "cross" => ("path", string.Create(CultureInfo.InvariantCulture, $"d=\"M{x - 4:0.#},{y - 4:0.#} L{x + 4:0.#},{y + 4:0.#} M{x + 4:0.#},{y - 4:0.#} L{x - 4:0.#},{y + 4:0.#}\" stroke-width=\"2.5\"")),
            _ => ("circle", string.Create(CultureInfo.InvariantCulture, $"cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3.5\"")),
        };
        return $"<{element} {geometry} fill=\"{style.Color}\" stroke=\"{style.Color}\" class=\"marker\"><title>{Escape(title)}</title></{element}>";
    }

    private sealed record LegendItem(string Label, SeriesStyle? Style, double X, int Row);

    private sealed record Legend(IReadOnlyList<LegendItem> Items, int Rows);

    /// <summary>Legend entries left to right under the plot, wrapping to a new row when the width is used up.</summary>
    private static Legend LegendLayout(LineChart chart)
    {
        var entries = chart.Series.Select(series => (series.Name, (SeriesStyle?)series.Style)).ToList();
        if (chart.MissingBands is { Count: > 0 })
        {
            entries.Add((chart.MissingNote ?? "no data", null));
        }
        var items = new List<LegendItem>();
        double x = Left;
        var row = 0;
        foreach (var (label, style) in entries)
        {
            var width = 44 + (label.Length * 7);
            if (x + width > Width - Right && x > Left)
            {
                row++;
                x = Left;
            }
            items.Add(new LegendItem(label, style, x, row));
            x += width;
        }
        return new Legend(items, entries.Count == 0 ? 0 : row + 1);
    }

    private static void AppendLegend(StringBuilder svg, Legend legend)
    {
        var top = Top + PlotHeight + AxisSpace + 6;
        foreach (var item in legend.Items)
        {
            var y = top + (item.Row * LegendRow);
            if (item.Style is { } style)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{item.X:0.#}\" x2=\"{item.X + 30:0.#}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{style.Color}\" stroke-width=\"2\" stroke-dasharray=\"{style.DashArray}\"/>");
                svg.Append(Marker(style, item.X + 15, y, item.Label));
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{item.X:0.#}\" y=\"{y - 7:0.#}\" width=\"30\" height=\"14\" class=\"missing\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{item.X + 36:0.#}\" y=\"{y + 4:0.#}\" class=\"{(item.Style is null ? "legend-note" : "legend")}\">{Escape(item.Label)}</text>");
        }
    }

    private static List<List<(double X, double Y)>> Runs(IReadOnlyList<(double X, double? Y)> points)
    {
        var runs = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        foreach (var (x, y) in points)
        {
            if (y is null)
            {
                current = null;
                continue;
            }
            if (current is null)
            {
                current = [];
                runs.Add(current);
            }
            current.Add((x, y.Value));
        }
        return runs;
    }

    private static IEnumerable<double> LogTicks(double min, double max)
    {
        for (var tick = min; tick <= max * 1.0001; tick *= 10)
        {
            yield return tick;
        }
    }

    private static IEnumerable<double> LinearTicks(double max, double min = 0)
    {
        var step = NiceCeiling((max - min) / 5);
        for (var tick = Math.Ceiling(min / step) * step; tick <= max + 1e-9; tick += step)
        {
            yield return tick;
        }
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var fraction = value / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    private static string Format(double value) => value switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
