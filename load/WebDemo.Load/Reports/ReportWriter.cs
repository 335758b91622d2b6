using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>Writes a report in every chosen format into a new timestamped folder.</summary>
public static class ReportWriter
{
    public static async Task<string> WriteAsync(LoadReport report, string baseFolder, ReportFormats formats, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(baseFolder, $"{report.StartedAt:yyyyMMdd-HHmmss}-{report.Command}");
        for (var attempt = 2; Directory.Exists(folder); attempt++)
        {
            folder = Path.Combine(baseFolder, $"{report.StartedAt:yyyyMMdd-HHmmss}-{report.Command}-{attempt}");
        }
        Directory.CreateDirectory(folder);
        if (formats.HasFlag(ReportFormats.Json))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), ResultJson.Serialize(report), cancellationToken);
        }
        if (formats.HasFlag(ReportFormats.Md))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "report.md"), MarkdownReport.Render(report), cancellationToken);
        }
        if (formats.HasFlag(ReportFormats.Csv))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "summary.csv"), CsvReport.Summary(report), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "timeseries.csv"), CsvReport.TimeSeries(report), cancellationToken);
        }
        if (formats.HasFlag(ReportFormats.Html))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "report.html"), HtmlReport.Render(report), cancellationToken);
        }
        return folder;
    }
}
