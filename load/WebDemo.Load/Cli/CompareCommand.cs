using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using WebDemo.Load.Engine;
using WebDemo.Load.Hosting;
using WebDemo.Load.Reports;
using WebDemo.Load.Results;
using WebDemo.Processes;

namespace WebDemo.Load.Cli;

/// <summary>
/// <c>compare</c>: the chosen strategies back to back under identical load, one side-by-side report. By default each
/// strategy gets a fresh API process (a cold thread pool); with <c>--target</c> a running server is used and the
/// tool waits for its pool to cool down between strategies.
/// </summary>
internal static class CompareCommand
{
    /// <summary>The compare command's own options, next to the ones every scenario command shares.</summary>
    private sealed class CompareOptions
    {
        // 200 users × ~100 ms per call: async should serve ≈ 2,000 req/s (Little's law); the blocking ones far less.
        public CommonOptions Common { get; } = new("keep-constant(200, 25s)", TimeSpan.FromSeconds(5));

        public Option<Uri?> Target { get; } = CommonOptions.UrlOption("--target", "Use this running server instead of starting a fresh API process per strategy.");

        public Option<IReadOnlyList<string>> Strategies { get; } = new("--strategies")
        {
            Description = $"Comma-separated, in order (default all: {string.Join(",", Cli.Strategies.All)}).",
            HelpName = "list",
            DefaultValueFactory = _ => Cli.Strategies.All,
            CustomParser = result => [.. result.Tokens.SelectMany(token => token.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
        };

        public Option<string?> ApiDll { get; } = new("--api-dll")
        {
            Description = "The built WebDemo.Api.dll to start (default: src/WebDemo.Api/bin/<configuration>/net10.0 in the checkout).",
        };

        public Option<TimeSpan> CoolDown { get; } = CommonOptions.DurationOption("--cool-down", TimeSpan.FromSeconds(10),
            "With --target: pause between strategies so the server's thread pool shrinks back.");

        public Option<TimeSpan> PoolCoolDown { get; } = CommonOptions.DurationOption("--pool-cool-down", TimeSpan.Zero,
            $"With --target: before each strategy, wait up to this long until the server's thread pool is back within {Cli.PoolCoolDown.Margin} " +
            "threads of its minimum, so no strategy inherits threads an earlier one made it grow (0s: do not wait).");

        public Option<string> Progress { get; } = ProgressOption();

        public Option<string?> Backend { get; } = BackendOption();

        private static Option<string> ProgressOption()
        {
            var progress = new Option<string>("--progress")
            {
                Description = "console (a live view, or plain lines when not a terminal) or json (one JSON object per line, for a program).",
                DefaultValueFactory = _ => "console",
            };
            progress.AcceptOnlyFromAmong("console", "json");
            return progress;
        }

        private static Option<string?> BackendOption()
        {
            var backend = new Option<string?>("--backend")
            {
                Description = "Fresh API processes only: the backend they run — Simulated (waits: the I/O-bound lesson), Local (the real " +
                    "model on the CPU: the CPU-bound lesson) or Http. Default: the API's own configuration (Simulated).",
                HelpName = "kind",
            };
            backend.AcceptOnlyFromAmong("Simulated", "Local", "Http");
            return backend;
        }
    }

    public static Command Create()
    {
        var options = new CompareOptions();
        var command = new Command("compare", "Run every strategy under the same load, one after another, and write one side-by-side report.");
        options.Common.AddTo(command, options.Target, options.Strategies, options.ApiDll, options.CoolDown, options.PoolCoolDown, options.Progress, options.Backend);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CompareOptions options, CancellationToken cancellationToken)
    {
        var names = parse.GetValue(options.Strategies)!;
        var unknown = names.Where(name => !name.StartsWith('/') && !Strategies.All.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            AnsiConsole.MarkupLine($"[red]Unknown strategies: {Markup.Escape(string.Join(", ", unknown))}.[/]");
            return ReportOutput.RunFailed;
        }
        var runningServer = parse.GetValue(options.Target);
        var dll = runningServer is null ? ApiDll(parse.GetValue(options.ApiDll)) : null;
        if (runningServer is null && dll is null)
        {
            AnsiConsole.MarkupLine("[red]WebDemo.Api.dll not found: build the solution (dotnet build WebDemo.sln -c Release) or pass --api-dll or --target.[/]");
            return ReportOutput.RunFailed;
        }

        var started = Stopwatch.GetTimestamp();
        var report = new LoadReport { Command = "compare", StartedAt = DateTimeOffset.UtcNow, Hosts = [Environment.MachineName] };
        for (var index = 0; index < names.Count && !cancellationToken.IsCancellationRequested; index++)
        {
            var result = await RunStrategyAsync(parse, options, names, index, runningServer, dll, cancellationToken);
            if (result is null)
            {
                return ReportOutput.RunFailed;
            }
            report.Scenarios.Add(result);
        }
        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine(MarkdownReport.Table(report, ReportText.Percentiles(report)));
        AnsiConsole.WriteLine(MarkdownReport.ServerTable(report));
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"compare took {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
        return await ReportOutput.FinishAsync(report, parse.GetValue(options.Common.Out), parse.GetValue(options.Common.Formats), CancellationToken.None,
            Json(parse, options) ? JsonProgress.Result : null);
    }

    private static bool Json(ParseResult parse, CompareOptions options) => parse.GetValue(options.Progress) == "json";

    /// <summary>One strategy on a fresh API process (or, after a cool-down, on the running server); null when it could not run.</summary>
    private static async Task<ScenarioResult?> RunStrategyAsync(ParseResult parse, CompareOptions options, IReadOnlyList<string> names, int index,
        Uri? runningServer, string? dll, CancellationToken cancellationToken)
    {
        var name = names[index];
        var placeholder = options.Common.Settings(parse, name, new Uri("http://127.0.0.1"), Strategies.PathOf(name), HttpMethod.Post);
        AppProcess? api = null;
        try
        {
            if (runningServer is null)
            {
                api = await ApiProcess.StartAsync(dll!, ApiSettings(placeholder, parse.GetValue(options.Common.Inputs), parse.GetValue(options.Backend)), cancellationToken);
            }
            else if (index > 0)
            {
                await CoolDownAsync(runningServer, parse.GetValue(options.CoolDown), cancellationToken);
            }
            var settings = placeholder with { Target = api?.BaseAddress ?? runningServer! };
            using var sideClient = LoadHttpClient.Create(settings.RequestTimeout);
            using var runner = new ScenarioRunner(settings, sideClient);
            if (api is null && !await RunCommand.Reachable(sideClient, settings.Target, cancellationToken))
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(settings.Target.ToString())} does not answer.[/]");
                return null;
            }
            var json = Json(parse, options);
            var threadsAtStart = await Cli.PoolCoolDown.WaitAsync(sideClient, settings.Target, api is null ? parse.GetValue(options.PoolCoolDown) : TimeSpan.Zero,
                (threads, goal) =>
                {
                    if (json)
                    {
                        JsonProgress.Cooling(name, index + 1, names.Count, threads, goal);
                    }
                }, cancellationToken);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(name)}[/] ({index + 1}/{names.Count}) on {Markup.Escape(settings.Target.ToString())}" +
                (api is null ? "" : " (fresh process)") + (threadsAtStart is { } threads ? $", server pool {threads} threads" : ""));
            if (json)
            {
                JsonProgress.Start(name, index + 1, names.Count, threadsAtStart, (settings.WarmUp + settings.Plan.Duration).TotalSeconds);
            }
            var result = json ? await JsonProgress.RunAsync(runner, index + 1, names.Count, cancellationToken) : await LiveConsole.RunAsync(runner, cancellationToken);
            result.Stage = index + 1; // one strategy per stage: the comparison's ratios are meaningful
            result.ServerThreadsAtStart = threadsAtStart;
            AnsiConsole.MarkupLine($"  {Markup.Escape(result.Verdict())}");
            return result;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(name)}: {Markup.Escape(exception.Message)}[/]");
            return null;
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string> ApiSettings(ScenarioSettings settings, int inputs, string? backend)
    {
        var api = ApiProcess.SettingsFor(settings.Model == "closed" ? settings.Plan.MaxCopies : Math.Max(settings.Plan.MaxCopies, settings.MaxOutstanding), inputs);
        if (backend is not null)
        {
            api["Backend__Kind"] = backend;
        }
        return api;
    }

    private static string? ApiDll(string? requested) => ApiProcess.FindApiDll(requested);

    /// <summary>Waits the cool-down, then until /health/live answers quickly again (the pool has drained its queue).</summary>
    private static async Task CoolDownAsync(Uri target, TimeSpan coolDown, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine($"Cooling down {coolDown.TotalSeconds:0} s ...");
        await Task.Delay(coolDown, cancellationToken);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var probe = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(new Uri(target, "/health/live"), cancellationToken);
                if (Stopwatch.GetElapsedTime(probe) < TimeSpan.FromMilliseconds(50))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Still recovering.
            }
            await Task.Delay(500, cancellationToken);
        }
    }
}
