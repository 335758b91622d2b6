using System.CommandLine;
using Spectre.Console;
using WebDemo.Embedding;
using WebDemo.Load.Engine;
using WebDemo.Load.Results;

namespace WebDemo.Load.Cli;

/// <summary><c>run</c>: one scenario against a running server.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var options = new CommonOptions("keep-constant(50, 20s)", TimeSpan.FromSeconds(3));
        var target = CommonOptions.UrlOption("--target", "The server under load.", new Uri("http://localhost:5000"));
        var strategy = new Option<string>("--strategy", "-s")
        {
            Description = $"{string.Join(", ", Strategies.All)}, or a custom path such as /v1/embeddings or /health/live.",
            DefaultValueFactory = _ => StrategyNames.Async,
        };
        var method = new Option<string?>("--method")
        {
            Description = "HTTP method (default: POST with the embedding body for a strategy, GET for a custom path).",
        };
        var startAt = new Option<DateTimeOffset?>("--start-at")
        {
            Description = "Wait until this time (ISO 8601, e.g. 2026-11-21T23:50:00Z) before starting, so copies on several machines start together.",
        };

        var command = new Command("run", "Run one scenario against a running server and write its reports.");
        options.AddTo(command, target, strategy, method, startAt);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(strategy)!;
            if (PathOf(name) is not { } path)
            {
                return ReportOutput.RunFailed;
            }
            var httpMethod = new HttpMethod(parse.GetValue(method) ?? (name.StartsWith('/') ? "GET" : "POST"));
            var settings = options.Settings(parse, name, parse.GetValue(target)!, path, httpMethod);
            await WaitForStartAsync(parse.GetValue(startAt), cancellationToken);
            var report = await RunAsync(settings, cancellationToken);
            return report is null
                ? ReportOutput.RunFailed
                : await ReportOutput.FinishAsync(report, parse.GetValue(options.Out), parse.GetValue(options.Formats), CancellationToken.None);
        });
        return command;
    }

    /// <summary>The strategy's route, or the custom path itself; null (after saying why) for an unknown strategy.</summary>
    private static string? PathOf(string name)
    {
        try
        {
            return Strategies.PathOf(name);
        }
        catch (ArgumentException exception)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(exception.Message)}[/]");
            return null;
        }
    }

    /// <summary><c>--start-at</c>: copies on several machines start together.</summary>
    private static async Task WaitForStartAsync(DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        if (startAt is { } at && at > DateTimeOffset.UtcNow)
        {
            AnsiConsole.MarkupLine($"Starting at {at:O} ...");
            await Task.Delay(at - DateTimeOffset.UtcNow, cancellationToken);
        }
    }

    /// <summary>Runs the scenario with the live console; null when the server does not answer.</summary>
    private static async Task<LoadReport?> RunAsync(ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var report = new LoadReport { Command = "run", StartedAt = DateTimeOffset.UtcNow, Hosts = [Environment.MachineName] };
        using var sideClient = LoadHttpClient.Create(settings.RequestTimeout);
        using var runner = new ScenarioRunner(settings, sideClient);
        if (!await Reachable(sideClient, settings.Target, cancellationToken))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(settings.Target.ToString())} does not answer; start it first (dotnet run --project src/WebDemo.Api).[/]");
            return null;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(settings.Method.Method)} {Markup.Escape(new Uri(settings.Target, settings.Path).ToString())}[/], " +
            $"load {Markup.Escape(settings.Plan.ToString())}, warm-up {settings.WarmUp.TotalSeconds:0.#} s");
        var result = await LiveConsole.RunAsync(runner, cancellationToken);
        result.Stage = 1;
        report.Scenarios.Add(result);
        return report;
    }

    internal static async Task<bool> Reachable(HttpClient client, Uri target, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await client.GetAsync(target, timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}
