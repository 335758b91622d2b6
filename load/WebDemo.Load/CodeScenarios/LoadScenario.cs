using WebDemo.Load.Simulations;
using WebDemo.Load.Thresholds;

namespace WebDemo.Load.CodeScenarios;

/// <summary>
/// A load scenario written as code: a name and an async function that does one unit of work (one request, or several
/// steps) and says how it went. The load, warm-up and thresholds are set with the <c>With...</c> methods; each returns
/// a changed copy, so a scenario can serve as a template for others.
/// </summary>
public sealed record LoadScenario
{
    private LoadScenario(string name, Func<ScenarioContext, Task<Outcome>> run)
    {
        Name = name;
        Run = run;
    }

    public string Name { get; init; }

    public Func<ScenarioContext, Task<Outcome>> Run { get; init; }

    public Func<ScenarioInitContext, Task>? Init { get; init; }

    public IReadOnlyList<LoadSimulation> Load { get; init; } = [Traffic.KeepConstant(10, TimeSpan.FromSeconds(20))];

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Open model: most calls in flight; injections beyond it are counted as dropped.</summary>
    public int MaxOutstanding { get; init; } = 5_000;

    /// <summary>What sends the requests, as the report names it (the function's business, so the scenario says).</summary>
    public string ClientName { get; init; } = "HttpClient (scenario code)";

    public static LoadScenario Create(string name, Func<ScenarioContext, Task<Outcome>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new LoadScenario(name, run);
    }

    /// <summary>Runs once before the warm-up (create clients, load test data).</summary>
    public LoadScenario WithInit(Func<ScenarioInitContext, Task> init) => this with { Init = init };

    /// <summary>The load: one or more simulations, run one after another.</summary>
    public LoadScenario WithLoad(params LoadSimulation[] simulations) =>
        simulations.Length > 0 ? this with { Load = simulations } : throw new ArgumentException("Give at least one load simulation.", nameof(simulations));

    /// <summary>Runs the load's opening for this long first, unmeasured.</summary>
    public LoadScenario WithWarmUp(TimeSpan duration) => this with { WarmUp = duration };

    public LoadScenario WithoutWarmUp() => this with { WarmUp = TimeSpan.Zero };

    /// <summary>Pass/fail rules in the command line's syntax, e.g. <c>"p99 &lt; 500ms"</c>, <c>"fail-rate &lt; 1%"</c>.</summary>
    public LoadScenario WithThresholds(params string[] rules) => this with { Thresholds = [.. rules.Select(Threshold.Parse)] };

    public LoadScenario WithRequestTimeout(TimeSpan timeout) => this with { RequestTimeout = timeout };

    public LoadScenario WithMaxOutstanding(int requests) => this with { MaxOutstanding = requests };

    public LoadScenario WithClientName(string clientName) => this with { ClientName = clientName };
}
