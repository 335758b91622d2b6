using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using WebDemo.Load.Engine;
using WebDemo.Load.Reports;
using WebDemo.Load.Simulations;
using WebDemo.Load.Thresholds;

namespace WebDemo.Load.Cli;

/// <summary>
/// Options every scenario command shares: the load, measurement and reports (<c>run</c>, <c>compare</c> and code scenarios
/// through <c>LoadRun</c>), and the request shape (<c>run</c> and <c>compare</c>, whose request the tool writes).
/// </summary>
internal sealed class CommonOptions
{
    /// <param name="defaultLoad">The load when --load is not given; null: the scenario's own (code scenarios).</param>
    /// <param name="defaultWarmUp">The warm-up when --warm-up is not given; null: the scenario's own.</param>
    public CommonOptions(string? defaultLoad, TimeSpan? defaultWarmUp)
    {
        Load = new Option<IReadOnlyList<LoadSimulation>>("--load", "-l")
        {
            Description = $"Load simulations, chained: {SimulationParser.Syntax}.{(defaultLoad is null ? " Default: each scenario's own." : "")}",
            HelpName = "simulations",
            CustomParser = result => Parse(result, SimulationParser.Parse),
        };
        if (defaultLoad is not null)
        {
            Load.DefaultValueFactory = _ => SimulationParser.Parse(defaultLoad);
        }
        WarmUp = DurationOption("--warm-up", defaultWarmUp,
            $"Runs the load's opening for this long first, unmeasured (0s: none).{(defaultWarmUp is null ? " Default: each scenario's own." : "")}");
    }

    public Option<IReadOnlyList<LoadSimulation>> Load { get; }

    public Option<TimeSpan> WarmUp { get; }

    public Option<int> Inputs { get; } = new("--inputs")
    {
        Description = "Texts per request (1 sends \"input\": \"text\").",
        DefaultValueFactory = _ => 1,
    };

    public Option<int> TextLength { get; } = new("--text-length")
    {
        Description = "Characters per text.",
        DefaultValueFactory = _ => 64,
    };

    public Option<int?> LatencyMs { get; } = new("--latency-ms")
    {
        Description = "Simulated backend latency per call (the API's ?latencyMs=); default: the server's own (100 ms).",
    };

    public Option<int> MaxOutstanding { get; } = new("--max-outstanding")
    {
        Description = "Open model: most requests in flight; injections beyond it are counted as dropped.",
        DefaultValueFactory = _ => 5_000,
    };

    public Option<TimeSpan> Timeout { get; } = DurationOption("--timeout", TimeSpan.FromSeconds(30), "Per-request timeout (a timed-out request counts as failed: timeout).");

    public Option<IReadOnlyList<double>> Percentiles { get; } = new("--percentiles")
    {
        Description = "Latency percentiles to report, comma-separated.",
        HelpName = "list",
        DefaultValueFactory = _ => ScenarioSettings.DefaultPercentiles,
        CustomParser = result => Parse(result, text => (IReadOnlyList<double>)[.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(value => double.Parse(value.TrimStart('p', 'P'), CultureInfo.InvariantCulture))
            .Select(value => value is > 0 and <= 100 ? value : throw new FormatException($"Percentile {value} is not in (0, 100]."))]),
    };

    public Option<IReadOnlyList<Threshold>> Thresholds { get; } = new("--threshold", "-t")
    {
        Description = $"Pass/fail rule, repeatable: {Threshold.Syntax}. A violated one makes the exit code 1.",
        HelpName = "rule",
        CustomParser = result =>
        {
            try
            {
                return [.. result.Tokens.Select(token => Threshold.Parse(token.Value))];
            }
            catch (FormatException exception)
            {
                result.AddError(exception.Message);
                return [];
            }
        },
    };

    public Option<double> BystanderRate { get; } = new("--bystander-rate")
    {
        Description = "GET /health/live probes per second during each scenario (0: off).",
        DefaultValueFactory = _ => 5,
    };

    public Option<bool> NoServerSamples { get; } = new("--no-server-samples")
    {
        Description = "Do not sample /diagnostics/threadpool.",
    };

    public Option<ReportFormats> Formats { get; } = FormatOption();

    public Option<string?> Out { get; } = OutOption();

    private IEnumerable<Option> RequestShape => [Inputs, TextLength, LatencyMs];

    private IEnumerable<Option> LoadMeasurementAndReports =>
        [Load, WarmUp, MaxOutstanding, Timeout, Percentiles, Thresholds, BystanderRate, NoServerSamples, Formats, Out];

    /// <summary>Adds the command's own options, then the request shape and the ones every scenario command shares.</summary>
    public void AddTo(Command command, params Option[] own) => Add(command, [.. own, .. RequestShape, .. LoadMeasurementAndReports]);

    /// <summary>For code scenarios, whose code writes the request: the command's own options and the shared ones.</summary>
    public void AddWithoutRequestShapeTo(Command command, params Option[] own) => Add(command, [.. own, .. LoadMeasurementAndReports]);

    private static void Add(Command command, IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    public ScenarioSettings Settings(ParseResult parse, string name, Uri target, string path, HttpMethod method) => new()
    {
        Name = name,
        Target = target,
        Path = Strategies.WithLatency(path, parse.GetValue(LatencyMs)),
        Method = method,
        Body = method == HttpMethod.Get || method == HttpMethod.Head ? null : Strategies.Body(parse.GetValue(Inputs), parse.GetValue(TextLength)),
        Plan = new SimulationPlan(parse.GetValue(Load)!),
        WarmUp = parse.GetValue(WarmUp),
        MaxOutstanding = parse.GetValue(MaxOutstanding),
        RequestTimeout = parse.GetValue(Timeout),
        Percentiles = parse.GetValue(Percentiles)!,
        Thresholds = parse.GetValue(Thresholds) ?? [],
        BystanderRate = parse.GetValue(BystanderRate),
        SampleServer = !parse.GetValue(NoServerSamples),
    };

    public static Option<TimeSpan> DurationOption(string name, TimeSpan? defaultValue, string description)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = $"{description} E.g. 500ms, 10s, 2m.",
            HelpName = "duration",
            CustomParser = result => Parse(result, DurationText.Parse),
        };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }
        return option;
    }

    /// <summary>An absolute http(s) URL option (System.CommandLine has no built-in Uri parser).</summary>
    public static Option<Uri?> UrlOption(string name, string description, Uri? defaultValue = null) => new(name)
    {
        Description = description,
        HelpName = "url",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<Uri?>(result, text =>
            Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new FormatException($"'{text}' is not an absolute http(s) URL, e.g. http://localhost:5000.")),
    };

    public static Option<ReportFormats> FormatOption() => new("--format")
    {
        Description = "Report formats, comma-separated: html, md, json, csv.",
        HelpName = "formats",
        DefaultValueFactory = _ => ReportFormats.All,
        CustomParser = result => Parse(result, text => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(ReportFormats.None, (formats, name) => formats | (Enum.TryParse<ReportFormats>(name, ignoreCase: true, out var format)
                ? format
                : throw new FormatException($"Unknown report format '{name}': use html, md, json, csv.")))),
    };

    public static Option<string?> OutOption() => new("--out", "-o")
    {
        Description = "Folder for the timestamped report folder (default: load/reports in the checkout, else ./reports).",
        HelpName = "folder",
    };

    private static T Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        var text = string.Join(' ', result.Tokens.Select(token => token.Value));
        try
        {
            return parse(text);
        }
        catch (FormatException exception)
        {
            result.AddError(exception.Message);
            return default!;
        }
    }
}
