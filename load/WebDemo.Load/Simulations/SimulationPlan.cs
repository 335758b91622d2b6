namespace WebDemo.Load.Simulations;

/// <summary>
/// A scenario's chained simulations, resolved into steps that know where they start and what they ramp from,
/// and the maths both models need: when each open-model request is due, how many virtual users a closed step wants.
/// </summary>
public sealed class SimulationPlan
{
    public SimulationPlan(IReadOnlyList<LoadSimulation> simulations)
    {
        if (simulations.Count == 0)
        {
            throw new ArgumentException("A scenario needs at least one load simulation.", nameof(simulations));
        }
        var steps = new List<PlanStep>(simulations.Count);
        var offset = TimeSpan.Zero;
        double previousRate = 0;
        var previousCopies = 0;
        foreach (var simulation in simulations)
        {
            var step = simulation switch
            {
                LoadSimulation.Inject inject => new PlanStep(simulation, offset, PerSecond(inject.Rate, inject.Interval), PerSecond(inject.Rate, inject.Interval), 0, 0),
                LoadSimulation.RampingInject ramp => new PlanStep(simulation, offset, previousRate, PerSecond(ramp.Rate, ramp.Interval), 0, 0),
                LoadSimulation.KeepConstant keep => new PlanStep(simulation, offset, 0, 0, keep.Copies, keep.Copies),
                LoadSimulation.RampingConstant ramp => new PlanStep(simulation, offset, 0, 0, previousCopies, ramp.Copies),
                _ => new PlanStep(simulation, offset, 0, 0, 0, 0),
            };
            steps.Add(step);
            offset += simulation.During;
            previousRate = step.EndRate;
            previousCopies = step.EndCopies;
        }
        Steps = steps;
        Duration = offset;
        Simulations = simulations;
    }

    public IReadOnlyList<LoadSimulation> Simulations { get; }

    public IReadOnlyList<PlanStep> Steps { get; }

    public TimeSpan Duration { get; }

    /// <summary>Most virtual users any closed step asks for.</summary>
    public int MaxCopies => Steps.Max(step => Math.Max(step.StartCopies, step.EndCopies));

    /// <summary>How many requests the open-model steps will start (closed-model steps are not scheduled).</summary>
    public long ScheduledRequests => Steps.Sum(step => step.ScheduledRequests);

    /// <summary>
    /// The same plan cut off after <paramref name="length"/>: the warm-up runs the scenario's own opening load.
    /// </summary>
    public SimulationPlan Truncate(TimeSpan length)
    {
        var kept = new List<LoadSimulation>();
        var remaining = length;
        foreach (var simulation in Simulations)
        {
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }
            kept.Add(simulation.During <= remaining ? simulation : simulation with { During = remaining });
            remaining -= simulation.During;
        }
        return new SimulationPlan(kept);
    }

    public override string ToString() => string.Join(" ", Simulations);

    private static double PerSecond(int rate, TimeSpan interval) => rate / interval.TotalSeconds;
}
