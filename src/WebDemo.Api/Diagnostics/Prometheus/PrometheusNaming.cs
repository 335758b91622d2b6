using System.Globalization;
using System.Text;

namespace WebDemo.Api.Diagnostics.Prometheus;

/// <summary>
/// OpenTelemetry → Prometheus names and values, after the OpenTelemetry "Prometheus and OpenMetrics compatibility"
/// rules: dots and other invalid characters become underscores, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>,
/// <c>By</c> → <c>_bytes</c>, <c>{thread}</c> → nothing), and monotonic counters end in <c>_total</c>.
/// </summary>
public static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>The metric family name: sanitized name, unit suffix, and <c>_total</c> for monotonic counters.</summary>
    public static string MetricName(string name, string? unit, bool isCounter = false, bool isGauge = false)
    {
        var result = Sanitize(name, allowColons: true);
        if (isCounter && result.EndsWith("_total", StringComparison.Ordinal))
        {
            result = result[..^"_total".Length];
        }
        var suffix = UnitSuffix(unit, isGauge);
        if (suffix.Length > 0 && !result.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            result = $"{result}_{suffix}";
        }
        return isCounter ? result + "_total" : result;
    }

    /// <summary>The Prometheus suffix for a UCUM unit; empty for annotations (<c>{request}</c>) and no unit.</summary>
    public static string UnitSuffix(string? unit, bool isGauge = false)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }
        var withoutAnnotations = RemoveAnnotations(unit);
        if (withoutAnnotations.Length == 0)
        {
            return "";
        }
        if (withoutAnnotations == "1")
        {
            return isGauge ? "ratio" : "";
        }
        var slash = withoutAnnotations.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Sanitize(Units.GetValueOrDefault(withoutAnnotations, withoutAnnotations), allowColons: false).Trim('_');
        }
        var numerator = withoutAnnotations[..slash];
        var denominator = withoutAnnotations[(slash + 1)..];
        var per = $"per_{PerUnits.GetValueOrDefault(denominator, Units.GetValueOrDefault(denominator, denominator))}";
        var combined = numerator.Length == 0 || numerator == "1" ? per : $"{Units.GetValueOrDefault(numerator, numerator)}_{per}";
        return Sanitize(combined, allowColons: false).Trim('_');
    }

    /// <summary>A valid label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static string LabelName(string name) => Sanitize(name, allowColons: false);

    /// <summary>A label value inside double quotes: backslash, double quote and newline escaped.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
             .Replace("\"", "\\\"", StringComparison.Ordinal)
             .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text: backslash and newline escaped.</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value as Prometheus parses it: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> or a round-trippable number.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string FormatValue(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A label value from an OpenTelemetry attribute value (booleans lower-case, arrays as JSON-ish lists).</summary>
    public static string FormatAttribute(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => FormatValue(number),
        System.Collections.IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(FormatAttribute)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Invalid characters become '_', runs of '_' collapse to one, and a leading digit gets a '_' in front.
    private static string Sanitize(string name, bool allowColons)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColons && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }
            builder.Append(next);
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }

    private static string RemoveAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Trim();
    }
}
