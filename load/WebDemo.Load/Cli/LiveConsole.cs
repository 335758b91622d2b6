using System.Globalization;
using Spectre.Console;
using WebDemo.Load.Engine;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Cli;

/// <summary>
/// The live view while a scenario runs: a progress bar with elapsed and remaining time, and the numbers that matter
/// (requests completed in the last second, p50/p99 of the run so far — "—" while nothing has completed —, in flight,
/// errors; the server's threads, queue and scheduling delay).
/// Plain lines every 5 s when the output is not a terminal (CI logs, docker compose).
/// </summary>
internal static class LiveConsole
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRunner runner, CancellationToken cancellationToken)
    {
        var settings = runner.Settings;
        var total = (settings.WarmUp + settings.Plan.Duration).TotalSeconds;
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await RunPlainAsync(runner, cancellationToken);
        }
        var running = runner.RunAsync(cancellationToken);
        await AnsiConsole.Live(View(settings.Name, runner.Status(), settings.WarmUp, total))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (!running.IsCompleted)
                {
                    await Task.WhenAny(running, Task.Delay(500, CancellationToken.None));
                    context.UpdateTarget(View(settings.Name, runner.Status(), settings.WarmUp, total));
                }
            });
        return await running;
    }

    /// <summary>Three short lines (they fit an 80-column terminal): progress, client numbers, server numbers.</summary>
    private static Rows View(string name, LiveStatus status, TimeSpan warmUp, double totalSeconds)
    {
        var done = status.Phase switch
        {
            RunPhase.WarmUp => status.Elapsed.TotalSeconds,
            RunPhase.Running => warmUp.TotalSeconds + status.Elapsed.TotalSeconds,
            RunPhase.Starting => 0,
            _ => totalSeconds,
        };
        var fraction = totalSeconds <= 0 ? 1 : Math.Clamp(done / totalSeconds, 0, 1);
        const int width = 30;
        var filled = (int)Math.Round(fraction * width);
        var progress = string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(name)}[/] [green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/] " +
            $"{fraction * 100:0}% {PhaseName(status.Phase)}, {done:0} s elapsed, {Math.Max(0, totalSeconds - done):0} s left");
        var client = status.Phase is RunPhase.Running or RunPhase.Draining or RunPhase.Done
            ? string.Create(CultureInfo.InvariantCulture,
                $"  {status.LastSecondRequests} req/s   so far p50 {Percentile(status.P50Microseconds)} p99 {Percentile(status.P99Microseconds)}" +
                $"   in flight {status.InFlight}   errors {(status.Errors > 0 ? $"[red]{status.Errors}[/]" : "0")}" +
                $"   dropped {(status.Dropped > 0 ? $"[yellow]{status.Dropped}[/]" : "0")}")
            : string.Create(CultureInfo.InvariantCulture, $"  warming up, in flight {status.InFlight}");
        var server = status.Server switch
        {
            null => "  server: no thread-pool data yet",
            { FromHeader: true } threads => string.Create(CultureInfo.InvariantCulture, $"  server: threads {threads.ThreadCount}"),
            { } snapshot => string.Create(CultureInfo.InvariantCulture,
                $"  server: threads {snapshot.ThreadCount}   queue {snapshot.QueueLength}   scheduling delay {snapshot.SchedulingDelayMs:0.#} ms"),
        };
        return new Rows(new Markup(progress), new Markup(client), new Markup(server));
    }

    // "—" until a request has completed: a percentile of nothing is not "0 µs".
    private static string Percentile(double? microseconds) => microseconds is { } value ? DurationText.Humanize(value) : "—";

    private static string PhaseName(RunPhase phase) => phase switch
    {
        RunPhase.WarmUp => "warm-up",
        RunPhase.Draining => "draining",
        RunPhase.Done => "done",
        _ => "run",
    };

    private static async Task<ScenarioResult> RunPlainAsync(ScenarioRunner runner, CancellationToken cancellationToken)
    {
        var running = runner.RunAsync(cancellationToken);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            if (!running.IsCompleted)
            {
                Console.WriteLine(Describe(runner.Settings.Name, runner.Status()));
            }
        }
        return await running;
    }

    public static string Describe(string name, LiveStatus status)
    {
        var phase = PhaseName(status.Phase);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} {phase,-8} {status.Elapsed.TotalSeconds,4:0}/{status.Length.TotalSeconds:0}s");
        if (status.Phase is RunPhase.Running or RunPhase.Draining or RunPhase.Done)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"  {status.LastSecondRequests,5} req/s  so far p50 {Percentile(status.P50Microseconds),8}  p99 {Percentile(status.P99Microseconds),8}" +
                $"  in-flight {status.InFlight,4}  errors {status.Errors}  dropped {status.Dropped}");
        }
        if (status.Server is { FromHeader: true } threadsOnly)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  | server threads {threadsOnly.ThreadCount}");
        }
        else if (status.Server is { } server)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"  | server threads {server.ThreadCount} queue {server.QueueLength} sched. delay {server.SchedulingDelayMs:0.#} ms");
        }
        return text;
    }
}
