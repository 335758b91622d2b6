using System.Globalization;
using System.Net;
using System.Text;

namespace WebDemo.Load.Reports;

/// <summary>A series of a line chart: a name, a colour and its points (a null y is a gap).</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double? Y)> Points);

/// <summary>
/// Small inline-SVG line charts, so the HTML report is one self-contained file that draws offline.
/// Log scale for latency (a 100 ms async run and an 8 s sync-over-async run share one chart).
/// </summary>
internal static class SvgChart
{
    private const int Width = 720;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 150;
    private const int Top = 30;
    private const int Bottom = 40;

    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logY,
        IReadOnlyList<string>? xCategories = null)
    {
        var points = series.SelectMany(s => s.Points).Where(p => p.Y is not null).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" class=\"chart-title\">{Escape(title)}</text>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"muted\">no data</text></svg>");
            return svg.ToString();
        }

        var xMin = points.Min(p => p.X);
        var xMax = Math.Max(points.Max(p => p.X), xMin + 1);
        var positive = points.Select(p => p.Y!.Value).Where(y => y > 0).DefaultIfEmpty(1).ToList();
        double yMin, yMax;
        if (logY)
        {
            yMin = Math.Pow(10, Math.Floor(Math.Log10(positive.Min())));
            yMax = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(positive.Max(), yMin * 10))));
        }
        else
        {
            yMin = 0;
            yMax = NiceCeiling(Math.Max(points.Max(p => p.Y!.Value), 1));
        }
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Y(double y) => logY
            ? Top + plotHeight - ((Math.Log10(Math.Max(y, yMin)) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * plotHeight)
            : Top + plotHeight - (y / yMax * plotHeight);

        // Axes, grid and tick labels.
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" class=\"plot\"/>");
        foreach (var tick in logY ? LogTicks(yMin, yMax) : LinearTicks(yMax))
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Escape(Format(tick))}</text>");
        }
        if (xCategories is not null)
        {
            for (var index = 0; index < xCategories.Count; index++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(index):0.#}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\" class=\"tick\">{Escape(xCategories[index])}</text>");
            }
        }
        else
        {
            foreach (var tick in LinearTicks(xMax, xMin))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(tick):0.#}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\" class=\"tick\">{Escape(Format(tick))}</text>");
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\" class=\"axis\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{Escape(yLabel)}{(logY ? " (log)" : "")}</text>");

        // One polyline per series (broken at gaps), dots when there are few points, and the legend.
        for (var index = 0; index < series.Count; index++)
        {
            var s = series[index];
            foreach (var run in Runs(s.Points))
            {
                var path = string.Join(' ', run.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):0.#},{Y(p.Y):0.#}")));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"><title>{Escape(s.Name)}</title></polyline>");
                if (run.Count <= 12)
                {
                    foreach (var p in run)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Y):0.#}\" r=\"3\" fill=\"{s.Color}\"><title>{Escape(s.Name)}: {Escape(Format(p.Y))}</title></circle>");
                    }
                }
            }
            var legendY = Top + 10 + (index * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{legendY - 9}\" width=\"12\" height=\"12\" fill=\"{s.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 30}\" y=\"{legendY + 1}\" class=\"legend\">{Escape(s.Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
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
