using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace WebDemo.Api.Diagnostics.Prometheus;

/// <summary>
/// Writes collected OpenTelemetry metrics in the Prometheus text exposition format 0.0.4: one <c># HELP</c> and
/// <c># TYPE</c> per family, counters and gauges as one sample per attribute set, histograms as cumulative
/// <c>_bucket{le="..."}</c> samples ending in <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>.
/// The resource becomes a <c>target_info</c> gauge, as the OpenTelemetry compatibility rules suggest.
/// Prometheus reserves the <c>_count</c> suffix for histogram and summary series (promtool rejects a gauge named so),
/// so gauges and counters whose name would end in <c>_count</c> — the runtime's inventory gauges
/// <c>dotnet.assembly.count</c>, <c>dotnet.process.cpu.count</c>, <c>dotnet.timer.count</c> — are left out here;
/// they still reach OTLP.
/// </summary>
public static class PrometheusTextSerializer
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Serialize(IEnumerable<Metric> metrics, Resource? resource = null)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var order = new List<Family>();
        if (resource is not null && resource.Attributes.Any())
        {
            var family = new Family("target_info", "gauge", "Target metadata: the OpenTelemetry resource of this process.");
            family.Samples.Append("target_info");
            AppendLabels(family.Samples, resource.Attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value)), extra: null);
            family.Samples.Append(" 1\n");
            families.Add(family.Name, family);
            order.Add(family);
        }

        foreach (var metric in metrics)
        {
            var type = TypeOf(metric.MetricType);
            if (type is null)
            {
                continue; // exponential histograms are not configured in this app
            }
            var name = PrometheusNaming.MetricName(metric.Name, metric.Unit,
                isCounter: type == "counter", isGauge: type == "gauge");
            if (type != "histogram" && name.EndsWith("_count", StringComparison.Ordinal))
            {
                continue;
            }
            if (!families.TryGetValue(name, out var family))
            {
                family = new Family(name, type, string.IsNullOrWhiteSpace(metric.Description) ? metric.Name : metric.Description);
                families.Add(name, family);
                order.Add(family);
            }
            else if (family.Type != type)
            {
                continue; // two instruments mapping to one name with different types cannot both be exposed
            }
            AppendPoints(family.Samples, name, metric);
        }

        var output = new StringBuilder();
        foreach (var family in order.Where(f => f.Samples.Length > 0))
        {
            output.Append("# HELP ").Append(family.Name).Append(' ').Append(PrometheusNaming.EscapeHelp(family.Help)).Append('\n');
            output.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            output.Append(family.Samples);
        }
        return output.ToString();
    }

    private static string? TypeOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => "counter",
        MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
        MetricType.Histogram => "histogram",
        _ => null,
    };

    private static void AppendPoints(StringBuilder samples, string name, Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new List<KeyValuePair<string, object?>>();
            foreach (var tag in point.Tags)
            {
                tags.Add(tag);
            }
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    AppendSample(samples, name, tags, null, PrometheusNaming.FormatValue(point.GetSumLong()));
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    AppendSample(samples, name, tags, null, PrometheusNaming.FormatValue(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    AppendSample(samples, name, tags, null, PrometheusNaming.FormatValue(point.GetGaugeLastValueLong()));
                    break;
                case MetricType.DoubleGauge:
                    AppendSample(samples, name, tags, null, PrometheusNaming.FormatValue(point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        AppendSample(samples, name + "_bucket", tags, PrometheusNaming.FormatValue(bucket.ExplicitBound),
                            PrometheusNaming.FormatValue(cumulative));
                    }
                    AppendSample(samples, name + "_sum", tags, null, PrometheusNaming.FormatValue(point.GetHistogramSum()));
                    AppendSample(samples, name + "_count", tags, null, PrometheusNaming.FormatValue(point.GetHistogramCount()));
                    break;
            }
        }
    }

    private static void AppendSample(StringBuilder samples, string name, List<KeyValuePair<string, object?>> tags, string? le, string value)
    {
        samples.Append(name);
        AppendLabels(samples, tags, le);
        samples.Append(' ').Append(value).Append('\n');
    }

    private static void AppendLabels(StringBuilder samples, IEnumerable<KeyValuePair<string, object?>> tags, string? extra)
    {
        var first = true;
        foreach (var (key, value) in tags)
        {
            samples.Append(first ? '{' : ',');
            first = false;
            samples.Append(PrometheusNaming.LabelName(key)).Append("=\"")
                .Append(PrometheusNaming.EscapeLabelValue(PrometheusNaming.FormatAttribute(value))).Append('"');
        }
        if (extra is not null)
        {
            samples.Append(first ? '{' : ',').Append("le=\"").Append(extra).Append('"');
            first = false;
        }
        if (!first)
        {
            samples.Append('}');
        }
    }

    private sealed record Family(string Name, string Type, string Help)
    {
        public StringBuilder Samples { get; } = new();
    }
}
