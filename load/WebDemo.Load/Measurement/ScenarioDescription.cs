namespace WebDemo.Load.Measurement;

/// <summary>What a scenario was, for the results file.</summary>
public sealed record ScenarioDescription(
    string Name, string Target, string Method, string Path, string Model, string Simulations, TimeSpan WarmUp,
    string BystanderPath, double BystanderRate);
