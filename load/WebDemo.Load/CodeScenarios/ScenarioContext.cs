namespace WebDemo.Load.CodeScenarios;

/// <summary>What a scenario's function gets on every call.</summary>
public sealed class ScenarioContext
{
    internal ScenarioContext(string scenarioName, long invocationNumber, Uri target, HttpClient http, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        InvocationNumber = invocationNumber;
        Target = target;
        Http = http;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    /// <summary>0, 1, 2, ... per scenario (warm-up included): pick test data with it.</summary>
    public long InvocationNumber { get; }

    /// <summary>The server under load.</summary>
    public Uri Target { get; }

    /// <summary>A client with <see cref="HttpClient.BaseAddress"/> = <see cref="Target"/>, shared by every call of the run.</summary>
    public HttpClient Http { get; }

    /// <summary>Fires when the request timeout is up (or the run is cancelled): pass it to every call.</summary>
    public CancellationToken CancellationToken { get; }
}
