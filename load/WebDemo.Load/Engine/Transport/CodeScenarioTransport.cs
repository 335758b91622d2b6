using System.Diagnostics;
using System.Net.Sockets;
using WebDemo.Load.CodeScenarios;

namespace WebDemo.Load.Engine.Transport;

/// <summary>
/// A code scenario as the engine sees it: each "request" is one call of the scenario's function, timed from when it
/// was due (open model) or started (closed model) to when the function returned.
/// </summary>
internal sealed class CodeScenarioTransport(LoadScenario scenario, Uri target, HttpClient http) : ILoadTransport
{
    private long _invocations = -1;

    public string ClientName => scenario.ClientName;

    public async ValueTask<LoadResponse> SendAsync(CancellationToken cancellationToken)
    {
        var context = new ScenarioContext(scenario.Name, Interlocked.Increment(ref _invocations), target, http, cancellationToken);
        Outcome outcome;
        try
        {
            outcome = await scenario.Run(context);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or HttpRequestException or IOException or SocketException))
        {
            // A failed check or an SDK's own exception: counted under its type, never lost (e.g. ClientResultException).
            return new LoadResponse(0, 0, -1, Stopwatch.GetTimestamp(), exception.GetType().Name);
        }
        var end = Stopwatch.GetTimestamp();
        return outcome.IsOk
            ? new LoadResponse(outcome.StatusCode is >= 200 and < 400 ? outcome.StatusCode : 200, outcome.SizeBytes, -1, end)
            : new LoadResponse(outcome.StatusCode, outcome.SizeBytes, -1, end, outcome.FailureKind ?? "failed");
    }

    public void Dispose()
    {
        // The HttpClient belongs to the run.
    }
}
