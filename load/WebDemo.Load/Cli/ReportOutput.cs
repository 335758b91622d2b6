using Spectre.Console;
using WebDemo.Load.Reports;
using WebDemo.Load.Results;

namespace WebDemo.Load.Cli;

/// <summary>Where reports go, and the closing summary every command prints.</summary>
internal static class ReportOutput
{
    /// <summary>Exit code when a threshold is violated.</summary>
    public const int ThresholdsViolated = 1;

    /// <summary>Exit code when the run itself could not be done (target unreachable, API would not start, bad input file).</summary>
    public const int RunFailed = 2;

    /// <summary>--out when given; else load/reports of the checkout this runs from (or in); else ./reports.</summary>
    public static string BaseFolder(string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return Path.GetFullPath(requested);
        }
        var root = RepositoryRoot.Find();
        return root is null ? Path.GetFullPath("reports") : Path.Combine(root, "load", "reports");
    }

    public static async Task<int> FinishAsync(LoadReport report, string? requestedFolder, ReportFormats formats, CancellationToken cancellationToken)
    {
        var folder = await ReportWriter.WriteAsync(report, BaseFolder(requestedFolder), formats, cancellationToken);
        AnsiConsole.WriteLine();
        foreach (var scenario in report.Scenarios)
        {
            var failed = scenario.Thresholds.Any(threshold => !threshold.Passed);
            AnsiConsole.MarkupLine($"{(failed ? "[red]✗[/]" : "[green]✓[/]")} {Markup.Escape(scenario.Verdict())}");
            foreach (var threshold in scenario.Thresholds.Where(threshold => !threshold.Passed))
            {
                AnsiConsole.MarkupLine($"  [red]threshold violated:[/] {Markup.Escape(threshold.Expression)} (actual {threshold.Actual:0.###})");
            }
        }
        AnsiConsole.MarkupLine($"Reports: [link]{Markup.Escape(folder)}[/]");
        return report.Passed ? 0 : ThresholdsViolated;
    }
}

/// <summary>The checkout (the folder holding WebDemo.sln), found from the working directory or the tool's own location.</summary>
internal static class RepositoryRoot
{
    public static string? Find() => FindAbove(Directory.GetCurrentDirectory()) ?? FindAbove(AppContext.BaseDirectory);

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebDemo.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
