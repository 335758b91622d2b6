using WebDemo.Load.Reports;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Scenarios;

/// <summary>
/// What a code run takes from its command line, so one scenario file serves every target:
/// <c>--target URL</c> (default: a fresh API process from this checkout per stage), <c>--out FOLDER</c>,
/// <c>--format html,md,json,csv</c>, <c>--load "SIMULATIONS"</c> and <c>--warm-up DURATION</c> (override every scenario's,
/// for a short try), <c>--bystander-rate N</c>, <c>--api-dll PATH</c>. Words without <c>--</c> are left to the program.
/// </summary>
public sealed record LoadRunOptions
{
    public Uri? Target { get; init; }

    public string? ApiDll { get; init; }

    public string? OutFolder { get; init; }

    public ReportFormats Formats { get; init; } = ReportFormats.All;

    public IReadOnlyList<LoadSimulation>? Load { get; init; }

    public TimeSpan? WarmUp { get; init; }

    public double BystanderRate { get; init; } = 5;

    /// <summary>The words that are not options, in order (e.g. which set of scenarios to run).</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    /// <exception cref="FormatException">An unknown option, a missing value or a value that does not parse.</exception>
    public static LoadRunOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadRunOptions();
        var words = new List<string>();
        for (var index = 0; index < args.Count; index++)
        {
            if (!args[index].StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(args[index]);
                continue;
            }
            var name = args[index];
            var value = index + 1 < args.Count ? args[++index] : throw new FormatException($"{name} needs a value.");
            options = name switch
            {
                "--target" => options with { Target = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new FormatException($"--target: '{value}' is not an absolute http(s) URL.") },
                "--api-dll" => options with { ApiDll = value },
                "--out" => options with { OutFolder = value },
                "--format" => options with { Formats = ParseFormats(value) },
                "--load" => options with { Load = SimulationParser.Parse(value) },
                "--warm-up" => options with { WarmUp = DurationText.Parse(value) },
                "--bystander-rate" => options with { BystanderRate = double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate >= 0 ? rate : throw new FormatException($"--bystander-rate: '{value}' is not a rate ≥ 0.") },
                _ => throw new FormatException($"Unknown option {name}: use --target, --out, --format, --load, --warm-up, --bystander-rate or --api-dll."),
            };
        }
        return options with { Words = words };
    }

    private static ReportFormats ParseFormats(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(ReportFormats.None, (formats, name) => formats | (Enum.TryParse<ReportFormats>(name, ignoreCase: true, out var format)
                ? format
                : throw new FormatException($"Unknown report format '{name}': use html, md, json, csv.")));
}
