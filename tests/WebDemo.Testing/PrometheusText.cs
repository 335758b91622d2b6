using System.Globalization;

namespace WebDemo.Testing;

/// <summary>Reads one value out of a Prometheus text exposition, as a real process's <c>/metrics</c> serves it.</summary>
public static class PrometheusText
{
    /// <summary>
    /// The value of the first sample of <paramref name="name"/> whose labels contain <paramref name="label"/>
    /// (e.g. <c>webdemo_strategy="async"</c>), or null when there is none.
    /// </summary>
    public static double? Value(string metrics, string name, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var sample = metrics.Split('\n').FirstOrDefault(line =>
            (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            && (label is null || line.Contains(label, StringComparison.Ordinal)));
        // "name{labels} value" or "name{labels} value timestamp"; label values here hold no spaces.
        return sample is null ? null : double.Parse(sample.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
