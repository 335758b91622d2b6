namespace WebDemo.Load.Simulations;

/// <summary>
/// One step of a scenario's load, with NBomber's names and meaning. Open-model steps (<see cref="Inject"/>,
/// <see cref="RampingInject"/>) start requests on a schedule whether or not earlier ones finished; closed-model steps
/// (<see cref="KeepConstant"/>, <see cref="RampingConstant"/>) keep N virtual users each sending one request after another.
/// </summary>
public abstract record LoadSimulation(TimeSpan During)
{
    public bool IsOpenModel => this is Inject or RampingInject;

    public bool IsClosedModel => this is KeepConstant or RampingConstant;

    /// <summary>Requests per <paramref name="Interval"/>, spread evenly (constant throughput, as wrk2 does).</summary>
    public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
    {
        public override string ToString() => $"inject({Rate}, {Format(Interval)}, {Format(During)})";
    }

    /// <summary>Rate ramps linearly from the previous step's rate (0 at the start) to <paramref name="Rate"/>.</summary>
    public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
    {
        public override string ToString() => $"ramping-inject({Rate}, {Format(Interval)}, {Format(During)})";
    }

    /// <summary><paramref name="Copies"/> virtual users, each looping: send, wait for the response, send again.</summary>
    public sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During)
    {
        public override string ToString() => $"keep-constant({Copies}, {Format(During)})";
    }

    /// <summary>Virtual users ramp linearly from the previous step's count (0 at the start) to <paramref name="Copies"/>.</summary>
    public sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation(During)
    {
        public override string ToString() => $"ramping-constant({Copies}, {Format(During)})";
    }

    /// <summary>No load for a while.</summary>
    public sealed record Pause(TimeSpan During) : LoadSimulation(During)
    {
        public override string ToString() => $"pause({Format(During)})";
    }

    internal static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 != 0 ? $"{value.TotalMilliseconds:0.###}ms"
        : value.TotalSeconds % 60 != 0 || value.TotalSeconds < 60 ? $"{value.TotalSeconds:0}s"
        : $"{value.TotalMinutes:0}m";
}
