using Spectre.Console;
using WebDemo.Load.Reports;
using WebDemo.Load.Results;
using WebDemo.Processes;

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

    /// <param name="written">Told the report and its folder once the files are written (the last line of JSON progress).</param>
    public static async Task<int> FinishAsync(LoadReport report, string? requestedFolder, ReportFormats formats, CancellationToken cancellationToken,
        Action<LoadReport, string>? written = null)
    {
        report.Machine ??= MachineInfo.Current();
        report.CommandLine ??= ReproducingCommand.Current();
        var folder = await ReportWriter.WriteAsync(report, BaseFolder(requestedFolder), formats, cancellationToken);
        AnsiConsole.WriteLine();
        foreach (var scenario in report.Scenarios)
        {
            // A tick or a cross only where thresholds judged the scenario; without them a verdict is just a summary.
            var mark = scenario.Thresholds.Count == 0 ? "•" : scenario.Thresholds.All(threshold => threshold.Passed) ? "[green]✓[/]" : "[red]✗[/]";
            AnsiConsole.MarkupLine($"{mark} {Markup.Escape(scenario.Verdict())}");
            foreach (var threshold in scenario.Thresholds.Where(threshold => !threshold.Passed))
            {
                AnsiConsole.MarkupLine($"  [red]threshold violated:[/] {Markup.Escape(threshold.Expression)} (actual {threshold.Actual:0.###})");
            }
        }
        var comparison = Comparison.Lines(report);
        if (comparison.Count > 0)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine($"[bold]Comparison[/] (against {Markup.Escape(Comparison.Leader(report)!.Name)}, which served the most):");
            foreach (var line in comparison)
            {
                // Unwrapped, so a CI log keeps each sentence on one line for grep.
                Console.Out.WriteLine($"  {line}");
            }
        }
        if (Comparison.WhyNoRatio(report) is { } why)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine($"[bold]No comparison[/]: {Markup.Escape(why)}. Each scenario on its own:");
            Comparison.Separately(report).ToList().ForEach(line => Console.Out.WriteLine($"  {line}"));
        }
        AnsiConsole.MarkupLine($"Reports: [link]{Markup.Escape(folder)}[/]");
        written?.Invoke(report, folder);
        return report.Passed ? 0 : ThresholdsViolated;
    }
}

/// <summary>The checkout (the folder holding WebDemo.sln), found from the working directory or the tool's own location.</summary>
internal static class RepositoryRoot
{
    public static string? Find() => Checkout.FindAbove(Directory.GetCurrentDirectory()) ?? Checkout.Root;
}

/// <summary>The command line that runs this again, written the way a reader would type it in the checkout.</summary>
internal static class ReproducingCommand
{
    public static string Current()
    {
        var arguments = Environment.GetCommandLineArgs().Skip(1).Select(Quote);
        var assembly = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "WebDemo.Load";
        return $"dotnet run --project load/{assembly} -c Release -- {string.Join(' ', arguments)}".TrimEnd();
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=,@%+".Contains(c, StringComparison.Ordinal))
            ? argument
            : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
