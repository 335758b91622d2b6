using System.Diagnostics;
using WebDemo.Load.Measurement;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Engine;

/// <summary>
/// Plays a <see cref="SimulationPlan"/> step by step: an open-model step through the <see cref="OpenModelInjector"/>,
/// a closed-model step through the <see cref="VirtualUsers"/>, which carry over from one step (and from the warm-up)
/// to the next.
/// </summary>
internal sealed class PlanExecutor(RequestSender sender, int maxOutstanding)
{
    private readonly OpenModelInjector _injector = new(sender, maxOutstanding);
    private readonly VirtualUsers _users = new(sender);

    /// <param name="recorder">Null in the warm-up: requests are sent, and measured nowhere.</param>
    public async Task ExecuteAsync(SimulationPlan plan, ScenarioRecorder? recorder, CancellationToken cancellationToken)
    {
        var planStart = Stopwatch.GetTimestamp();
        foreach (var planStep in plan.Steps)
        {
            var start = planStart + Clock.Ticks(planStep.Offset);
            var step = new ScheduledStep(planStep, start, start + Clock.Ticks(planStep.During));
            if (planStep.Simulation.IsOpenModel)
            {
                await _injector.RunAsync(step, recorder, cancellationToken);
            }
            else
            {
                _users.Start(step, recorder, cancellationToken);
                await Clock.DelayUntilAsync(step.End, cancellationToken);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

/// <summary>A plan step placed on the <see cref="Stopwatch"/> clock: it runs from <c>Start</c> to <c>End</c>.</summary>
internal sealed record ScheduledStep(PlanStep Step, long Start, long End);
