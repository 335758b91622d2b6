using WebDemo.Load.Simulations;

namespace WebDemo.Load.CodeScenarios;

/// <summary>
/// The load simulations, as calls: the same five the command line parses (<c>inject(100, 1s, 30s)</c> is
/// <c>Traffic.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30))</c>).
/// </summary>
public static class Traffic
{
    /// <summary>Open model: <paramref name="rate"/> requests every <paramref name="interval"/>, evenly spread, for <paramref name="during"/>.</summary>
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) => new LoadSimulation.Inject(rate, interval, during);

    /// <summary>Open model: the rate ramps linearly from the previous step's (0 at the start) to <paramref name="rate"/>.</summary>
    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during) => new LoadSimulation.RampingInject(rate, interval, during);

    /// <summary>Closed model: <paramref name="copies"/> virtual users, each calling the scenario again as soon as it returns.</summary>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new LoadSimulation.KeepConstant(copies, during);

    /// <summary>Closed model: virtual users ramp linearly from the previous step's count (0 at the start) to <paramref name="copies"/>.</summary>
    public static LoadSimulation RampingConstant(int copies, TimeSpan during) => new LoadSimulation.RampingConstant(copies, during);

    /// <summary>No load for a while.</summary>
    public static LoadSimulation Pause(TimeSpan during) => new LoadSimulation.Pause(during);
}
