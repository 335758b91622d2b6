using System.Globalization;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Reports;

/// <summary>Formatting shared by the report writers.</summary>
internal static class ReportText
{
    public static string Ms(double microseconds) => DurationText.Humanize(microseconds);

    public static string Number(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Csv(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static double Percentile(HistogramData histogram, double percentile) => histogram.Histogram().ValueAtPercentile(percentile);

    /// <summary>Percentiles every scenario in the report shares (the first scenario's list).</summary>
    public static IReadOnlyList<double> Percentiles(LoadReport report) =>
        report.Scenarios.Count == 0 || report.Scenarios[0].Percentiles.Count == 0 ? [50, 75, 90, 95, 99, 99.9] : report.Scenarios[0].Percentiles;
}
