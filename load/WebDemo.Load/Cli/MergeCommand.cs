using System.CommandLine;
using System.Text.Json;
using WebDemo.Load.Results;

namespace WebDemo.Load.Cli;

/// <summary>
/// <c>merge</c>: one report from the results.json files of copies that ran the same scenarios on several machines.
/// A copy that left no results (its worker died) is named and the others are still merged, with a non-zero exit; files
/// that cannot be merged (unreadable, another schema, other scenarios) are an error and nothing is written.
/// </summary>
internal static class MergeCommand
{
    /// <summary>Exit code when the merged report was written but some copies left no results.</summary>
    public const int Incomplete = 3;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("results")
        {
            Description = "results.json files, or the folders the copies wrote their reports into (--out of each run).",
            Arity = ArgumentArity.OneOrMore,
        };
        var formats = CommonOptions.FormatOption();
        var output = CommonOptions.OutOption();
        var command = new Command("merge", "Merge results.json files from several machines into one report (histograms merge exactly).");
        command.Arguments.Add(files);
        command.Options.Add(formats);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reports = new List<(string Path, LoadReport Report)>();
            var missing = new List<string>();
            foreach (var file in parse.GetValue(files)!)
            {
                if (ResultsFileIn(file.FullName) is not { } path)
                {
                    missing.Add(file.FullName);
                    continue;
                }
                try
                {
                    reports.Add((path, await ResultJson.ReadAsync(path, cancellationToken)));
                }
                catch (Exception exception) when (exception is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
                {
                    return Refuse($"{path}: {exception.Message}");
                }
            }
            if (reports.Count == 0)
            {
                return Refuse($"Nothing to merge: no results.json in {string.Join(", ", missing)}.");
            }
            if (Mismatch(reports) is { } mismatch)
            {
                return Refuse(mismatch);
            }

            var exitCode = await ReportOutput.FinishAsync(
                ReportMerger.Merge([.. reports.Select(report => report.Report)]), parse.GetValue(output), parse.GetValue(formats), CancellationToken.None);
            if (missing.Count == 0)
            {
                return exitCode;
            }
            // Plain and unwrapped, so a CI or pod log keeps it on one line for grep.
            Console.Error.WriteLine($"merge: no results from {string.Join(", ", missing.Select(Path.GetFileName))} " +
                $"({string.Join(", ", missing)}); the merged report holds the other {reports.Count}.");
            return Incomplete;
        });
        return command;
    }

    /// <summary>
    /// The file itself; a folder's results.json; or, for the folder given to a run's --out, the newest results.json one
    /// level down (report folders are named by their start time). Null when there is none: that copy left no results.
    /// </summary>
    private static string? ResultsFileIn(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }
        if (!Directory.Exists(path))
        {
            return null;
        }
        var direct = Path.Combine(path, "results.json");
        return File.Exists(direct)
            ? direct
            : Directory.GetDirectories(path).Order(StringComparer.Ordinal).Select(folder => Path.Combine(folder, "results.json")).LastOrDefault(File.Exists);
    }

    // Copies of one run hold the same scenarios with the same requests and load; anything else is not one run.
    private static string? Mismatch(List<(string Path, LoadReport Report)> reports)
    {
        static string Signature(LoadReport report) => string.Join("; ", report.Scenarios
            .Select(scenario => $"{scenario.Name}: {scenario.Method} {scenario.Path}, {scenario.Simulations}")
            .Order(StringComparer.Ordinal));

        var first = reports[0];
        var other = reports.FirstOrDefault(report => Signature(report.Report) != Signature(first.Report));
        return other.Report is null
            ? null
            : $"These results are not copies of one run, so they cannot be merged: {first.Path} holds [{Signature(first.Report)}], " +
              $"{other.Path} holds [{Signature(other.Report)}]. Nothing was written.";
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return ReportOutput.RunFailed;
    }
}
