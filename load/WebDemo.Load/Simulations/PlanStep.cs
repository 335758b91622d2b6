using System.Diagnostics;

namespace WebDemo.Load.Simulations;

/// <summary>One simulation placed on the scenario's timeline.</summary>
public sealed record PlanStep(LoadSimulation Simulation, TimeSpan Offset, double StartRate, double EndRate, int StartCopies, int EndCopies)
{
    public TimeSpan During => Simulation.During;

    /// <summary>Requests an open step starts: the area under its rate line.</summary>
    public long ScheduledRequests => Simulation.IsOpenModel ? (long)Math.Floor(((StartRate + EndRate) / 2 * During.TotalSeconds) + 1e-9) : 0;

    /// <summary>
    /// When the <paramref name="index"/>-th request of an open step is due, from the step's start: the time at which
    /// the integral of the (linearly ramping) rate reaches <paramref name="index"/>.
    /// </summary>
    public TimeSpan IntendedStartOf(long index)
    {
        Debug.Assert(Simulation.IsOpenModel);
        var seconds = During.TotalSeconds;
        var slope = (EndRate - StartRate) / seconds;
        double at;
        if (Math.Abs(slope) < 1e-12)
        {
            at = index / StartRate;
        }
        else
        {
            // StartRate·t + slope·t²/2 = index, the root that lies inside the step.
            at = (-StartRate + Math.Sqrt((StartRate * StartRate) + (2 * slope * index))) / slope;
        }
        return TimeSpan.FromTicks((long)Math.Round(at * TimeSpan.TicksPerSecond));
    }

    /// <summary>Virtual users a closed step wants <paramref name="elapsed"/> into it.</summary>
    public int CopiesAt(TimeSpan elapsed)
    {
        var fraction = Math.Clamp(elapsed / During, 0, 1);
        return (int)Math.Round(StartCopies + ((EndCopies - StartCopies) * fraction));
    }
}
