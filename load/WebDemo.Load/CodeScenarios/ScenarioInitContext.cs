namespace WebDemo.Load.CodeScenarios;

/// <summary>What a scenario's <see cref="LoadScenario.WithInit"/> gets, once, before the warm-up.</summary>
public sealed class ScenarioInitContext
{
    internal ScenarioInitContext(Uri target, HttpClient http, CancellationToken cancellationToken)
    {
        Target = target;
        Http = http;
        CancellationToken = cancellationToken;
    }

    public Uri Target { get; }

    public HttpClient Http { get; }

    public CancellationToken CancellationToken { get; }
}
