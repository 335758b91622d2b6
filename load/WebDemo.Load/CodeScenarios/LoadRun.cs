using System.CommandLine;
using System.CommandLine.Help;
using Spectre.Console;
using WebDemo.Load.Cli;
using WebDemo.Load.Engine;
using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Hosting;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;
using WebDemo.Processes;

namespace WebDemo.Load.CodeScenarios;

/// <summary>
/// Runs code scenarios and writes the same reports as the command line (HTML, Markdown, JSON, CSV; bystander probe and
/// server samples included). Scenarios added together run at the same time; <see cref="Then"/> starts a new stage
/// that runs after the previous one (on a fresh API process when no <c>--target</c> was given).
/// <see cref="RunAsync"/> returns the exit code: 0, 1 when a threshold was violated, 2 when the run could not be done.
/// </summary>
public sealed class LoadRun
{
    private readonly string _name;
    private readonly LoadRunOptions _options = new();
    private readonly ParseResult _parse;
    private readonly List<List<LoadScenario>> _stages = [[]];

    private LoadRun(string name, IReadOnlyList<string> args)
    {
        _name = name;
        _parse = _options.Command(name).Parse(args);
    }

    /// <param name="name">Names the run in the report (its folder ends with it).</param>
    /// <param name="args">The program's arguments: <c>run</c>'s load, measurement and report options (see <see cref="LoadRunOptions"/>; <c>--help</c> lists them).</param>
    public static LoadRun Create(string name, IReadOnlyList<string>? args = null) => new(name, args ?? []);

    /// <summary>The arguments without <c>--</c>, in order, which the program may use (e.g. to pick a set of scenarios).</summary>
    public IReadOnlyList<string> Words => _parse.Errors.Count == 0 ? _parse.GetValue(_options.Words) ?? [] : [];

    /// <summary>Adds scenarios to the current stage: they run at the same time.</summary>
    public LoadRun Add(params LoadScenario[] scenarios)
    {
        _stages[^1].AddRange(scenarios);
        return this;
    }

    /// <summary>Starts a new stage with these scenarios, run once the previous stage is done.</summary>
    public LoadRun Then(params LoadScenario[] scenarios)
    {
        _stages.Add([.. scenarios]);
        return this;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (_parse.Action is HelpAction)
        {
            return await _parse.InvokeAsync(cancellationToken: cancellationToken);
        }
        if (_parse.Errors.Count > 0)
        {
            _parse.Errors.ToList().ForEach(error => AnsiConsole.MarkupLine($"[red]{Markup.Escape(error.Message)}[/]"));
            return ReportOutput.RunFailed;
        }
        var report = new LoadReport { Command = _name, StartedAt = DateTimeOffset.UtcNow, Hosts = [Environment.MachineName] };
        foreach (var (stage, number) in _stages.Where(stage => stage.Count > 0).Select((stage, index) => (stage, index + 1)))
        {
            var results = await RunStageAsync(stage, cancellationToken);
            if (results is null)
            {
                return ReportOutput.RunFailed;
            }
            Array.ForEach(results, result => result.Stage = number);
            report.Scenarios.AddRange(results);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        return await ReportOutput.FinishAsync(report, _parse.GetValue(_options.Common.Out), _parse.GetValue(_options.Common.Formats), CancellationToken.None);
    }

    /// <summary>One stage: its server (the target, or a fresh API), each scenario's init, then all of them at once.</summary>
    private async Task<ScenarioResult[]?> RunStageAsync(List<LoadScenario> stage, CancellationToken cancellationToken)
    {
        var settings = stage.Select(SettingsOf).ToList();
        var givenTarget = _parse.GetValue(_options.Target);
        AppProcess? api = null;
        try
        {
            if (givenTarget is null)
            {
                var dll = ApiProcess.FindApiDll(_parse.GetValue(_options.ApiDll))
                    ?? throw new InvalidOperationException("WebDemo.Api.dll not found: build the solution (dotnet build WebDemo.sln -c Release), or pass --target or --api-dll.");
                var concurrent = settings.Sum(s => s.Model == "closed" ? s.Plan.MaxCopies : Math.Max(s.Plan.MaxCopies, s.MaxOutstanding));
                api = await ApiProcess.StartAsync(dll, ApiProcess.SettingsFor(concurrent), cancellationToken);
            }
            var target = api?.BaseAddress ?? givenTarget!;
            using var http = LoadHttpClient.Create(Timeout.InfiniteTimeSpan);
            http.BaseAddress = target;
            using var sideClient = LoadHttpClient.Create(TimeSpan.FromSeconds(30));
            if (!await RunCommand.Reachable(sideClient, target, cancellationToken))
            {
                throw new InvalidOperationException($"{target} does not answer; start it first (dotnet run --project src/WebDemo.Api -c Release).");
            }
            foreach (var scenario in stage.Where(scenario => scenario.Init is not null))
            {
                await scenario.Init!(new ScenarioInitContext(target, http, cancellationToken));
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(string.Join(" + ", stage.Select(s => s.Name)))}[/] on {Markup.Escape(target.ToString())}" +
                (api is null ? "" : " (fresh process)"));
            var runners = stage.Zip(settings, (scenario, s) => new ScenarioRunner(s with { Target = target }, new CodeScenarioTransport(scenario, target, http), sideClient)).ToList();
            try
            {
                return await WithProgressAsync(runners, cancellationToken);
            }
            finally
            {
                runners.ForEach(runner => runner.Dispose());
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(exception.Message)}[/]");
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

    /// <summary>Runs the stage's scenarios at once, with a status line per scenario every 5 s.</summary>
    private static async Task<ScenarioResult[]> WithProgressAsync(List<ScenarioRunner> runners, CancellationToken cancellationToken)
    {
        var running = Task.WhenAll(runners.Select(runner => runner.RunAsync(cancellationToken)));
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            if (!running.IsCompleted)
            {
                runners.ForEach(runner => Console.WriteLine(LiveConsole.Describe(runner.Settings.Name, runner.Status())));
            }
        }
        var results = await running;
        foreach (var result in results)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(result.Verdict())}");
        }
        return results;
    }

    /// <summary>The engine's settings for a code scenario; an option given on the command line replaces the scenario's own.</summary>
    private ScenarioSettings SettingsOf(LoadScenario scenario)
    {
        var common = _options.Common;
        return new()
        {
            Name = scenario.Name,
            Target = _parse.GetValue(_options.Target) ?? new Uri("http://127.0.0.1"),
            Path = "(scenario code)",
            Method = new HttpMethod("CODE"),
            Plan = new SimulationPlan(Given(common.Load) ? _parse.GetValue(common.Load)! : scenario.Load),
            WarmUp = Given(common.WarmUp) ? _parse.GetValue(common.WarmUp) : scenario.WarmUp,
            MaxOutstanding = Given(common.MaxOutstanding) ? _parse.GetValue(common.MaxOutstanding) : scenario.MaxOutstanding,
            RequestTimeout = Given(common.Timeout) ? _parse.GetValue(common.Timeout) : scenario.RequestTimeout,
            Percentiles = _parse.GetValue(common.Percentiles)!,
            Thresholds = [.. scenario.Thresholds, .. _parse.GetValue(common.Thresholds) ?? []],
            BystanderRate = _parse.GetValue(common.BystanderRate),
            SampleServer = !_parse.GetValue(common.NoServerSamples),
        };
    }

    private bool Given(Option option) => _parse.GetResult(option) is { Implicit: false };
}
