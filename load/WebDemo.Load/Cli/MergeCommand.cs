using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebDemo.Load.Results;

namespace WebDemo.Load.Cli;

/// <summary><c>merge</c>: one report from the results.json files of copies that ran the same scenarios on several machines.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("results")
        {
            Description = "results.json files (or report folders holding one).",
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
            var reports = new List<LoadReport>();
            foreach (var file in parse.GetValue(files)!)
            {
                var path = Directory.Exists(file.FullName) ? Path.Combine(file.FullName, "results.json") : file.FullName;
                try
                {
                    reports.Add(await ResultJson.ReadAsync(path, cancellationToken));
                }
                catch (Exception exception) when (exception is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
                {
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(path)}: {Markup.Escape(exception.Message)}[/]");
                    return ReportOutput.RunFailed;
                }
            }
            return await ReportOutput.FinishAsync(ReportMerger.Merge(reports), parse.GetValue(output), parse.GetValue(formats), CancellationToken.None);
        });
        return command;
    }
}
