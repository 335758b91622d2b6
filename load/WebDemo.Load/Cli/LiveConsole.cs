using System.Globalization;
using Spectre.Console;
using WebDemo.Load.Engine;
using WebDemo.Load.Results;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Cli;

/// <summary>
/// The live view while a scenario runs: a progress bar with elapsed and remaining time, and the numbers that matter
/// (RPS, p50/p99, in flight, errors; the server's threads, queue and scheduling delay). Plain lines when not a terminal.
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
        ScenarioResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(settings.Name), maxValue: total);
                var running = runner.RunAsync(cancellationToken);
                while (!running.IsCompleted)
                {
                    await Task.WhenAny(running, Task.Delay(500, CancellationToken.None));
                    var status = runner.Status();
                    task.Value = Math.Min(total, (status.Phase == RunPhase.WarmUp ? 0 : settings.WarmUp.TotalSeconds) + status.Elapsed.TotalSeconds);
                    task.Description = Markup.Escape(Describe(settings.Name, status));
                }
                task.Value = total;
                result = await running;
            });
        return result!;
    }

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
        var phase = status.Phase switch
        {
            RunPhase.WarmUp => "warm-up",
            RunPhase.Draining => "draining",
            _ => "run",
        };
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} {phase,-8} {status.Elapsed.TotalSeconds,4:0}/{status.Length.TotalSeconds:0}s");
        if (status.Phase is RunPhase.Running or RunPhase.Draining)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"  {status.LastSecondRequests,5} req/s  p50 {DurationText.Humanize(status.P50Microseconds),8}  p99 {DurationText.Humanize(status.P99Microseconds),8}" +
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
