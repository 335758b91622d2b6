using System.Globalization;
using System.Text.RegularExpressions;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Thresholds;

/// <summary>
/// A pass/fail rule on a scenario's result, written as text: <c>p99 &lt; 500ms</c>, <c>fail-rate &lt; 1%</c>,
/// <c>rps &gt; 100</c>, <c>health-p99 &lt; 50ms</c>. A violated threshold makes the tool exit non-zero, so CI can gate on it.
/// </summary>
public sealed partial record Threshold(string Expression, string Metric, string Operator, double Limit)
{
    public const string Syntax =
        "METRIC OP VALUE — METRIC: p50, p99, p99.9 (any percentile), mean, max, health-p99 (bystander), rps, ok-rps, " +
        "fail-rate, fails, dropped; OP: < <= > >=; VALUE: 500ms, 2s, 1%, 100";

    /// <summary>Latency limits are held in microseconds, rates in percent, the rest as plain numbers.</summary>
    public static Threshold Parse(string text)
    {
        var match = Rule().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"Could not read threshold \"{text}\". Write {Syntax}.");
        }
        var metric = match.Groups["metric"].Value.ToLowerInvariant();
        var op = match.Groups["op"].Value;
        var value = match.Groups["value"].Value.Trim();
        var limit = KindOf(metric) switch
        {
            MetricKind.Latency => DurationText.TryParse(value, out var duration)
                ? duration.Ticks / (double)TimeSpan.TicksPerMicrosecond
                : throw new FormatException($"Threshold \"{text}\": '{value}' is not a duration (e.g. 500ms, 2s)."),
            MetricKind.Percent => value.EndsWith('%')
                ? Number(value[..^1], text)
                : throw new FormatException($"Threshold \"{text}\": write the rate in percent, e.g. 1%."),
            MetricKind.Number => Number(value, text),
            _ => throw new FormatException($"Threshold \"{text}\": unknown metric '{metric}'. Write {Syntax}."),
        };
        return new Threshold(text.Trim(), metric, op, limit);
    }

    public ThresholdResult Evaluate(ScenarioResult result)
    {
        var actual = Measure(result);
        var passed = Operator switch
        {
            "<" => actual < Limit,
            "<=" => actual <= Limit,
            ">" => actual > Limit,
            _ => actual >= Limit,
        };
        var shown = KindOf(Metric) == MetricKind.Latency ? Math.Round(actual / 1000, 3) : Math.Round(actual, 3);
        return new ThresholdResult(Expression, shown, passed);
    }

    private double Measure(ScenarioResult result)
    {
        var bystander = Metric.StartsWith("health-", StringComparison.Ordinal);
        var name = bystander ? Metric["health-".Length..] : Metric;
        var histogram = (bystander ? result.Bystander.Latency : result.Latency).Histogram();
        return name switch
        {
            "mean" => histogram.MeanMicroseconds,
            "max" => histogram.MaxMicroseconds,
            "rps" => result.Rps,
            "ok-rps" => result.OkRps,
            "fail-rate" => result.FailRatePercent,
            "fails" => result.Requests.Failed,
            "dropped" => result.Requests.Dropped,
            _ => histogram.ValueAtPercentile(double.Parse(name[1..], CultureInfo.InvariantCulture)),
        };
    }

    private static MetricKind KindOf(string metric)
    {
        var name = metric.StartsWith("health-", StringComparison.Ordinal) ? metric["health-".Length..] : metric;
        if (name is "mean" or "max" || Percentile().IsMatch(name))
        {
            return MetricKind.Latency;
        }
        if (metric != name)
        {
            return MetricKind.Unknown;
        }
        return name switch
        {
            "fail-rate" => MetricKind.Percent,
            "rps" or "ok-rps" or "fails" or "dropped" => MetricKind.Number,
            _ => MetricKind.Unknown,
        };
    }

    private static double Number(string value, string text) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"Threshold \"{text}\": '{value}' is not a number.");

    [GeneratedRegex(@"^(?<metric>[A-Za-z][A-Za-z0-9.\-]*)\s*(?<op><=|>=|<|>)\s*(?<value>.+)$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^p(100|[0-9]{1,2}(\.[0-9]+)?)$")]
    private static partial Regex Percentile();

    private enum MetricKind
    {
        Unknown,
        Latency,
        Percent,
        Number,
    }
}
