using System.Net;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Logging;

/// <summary>
/// The request log is written from a buffer by a background worker (Serilog.Sinks.Async): on SIGTERM the real process
/// drains its requests and then writes every line still buffered before it exits.
/// </summary>
public sealed class LogFlushTests(ITestOutputHelper output)
{
    private const string CompletionLine = "POST /embeddings/async [async] answered 200 ";
    private const int Answered = 100;
    private const int InFlight = 200;

    [Fact]
    public async Task EveryRequestAnsweredBeforeAndDuringASigtermIsLoggedBeforeTheProcessExits()
    {
        await using var api = await AppProcess.StartAsync("WebDemo.Api", new Dictionary<string, string>
        {
            ["Backend__Simulated__BaseLatencyMs"] = "0",
            ["Backend__Simulated__PerInputLatencyMs"] = "0",
        });
        using var client = api.CreateClient(TimeSpan.FromSeconds(60));
        for (var i = 0; i < Answered; i++)
        {
            using var response = await client.PostJsonAsync("/embeddings/async", """{"input":"before the stop"}""");
            await response.AssertStatusAsync(HttpStatusCode.OK);
        }

        // Still waiting on the backend when SIGTERM arrives (a wait long enough for all of them to arrive on a slow
        // machine): they finish while the server drains, and their lines are among the last the logger takes.
        var slow = Enumerable.Range(0, InFlight)
            .Select(_ => client.PostJsonAsync("/embeddings/async?latencyMs=8000", """{"input":"during the stop"}"""))
            .ToList();
        await Eventually.HoldsAsync(async () => await ActiveAsyncRequestsAsync(client) == InFlight, Timeouts.Request,
            $"{InFlight} requests were in flight");
        api.SendSigTerm();
        var statuses = (await Task.WhenAll(slow)).Select(response => response.StatusCode).ToList();
        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var lines = api.Output.ToList();
        var logged = lines.Count(line => line.Contains(CompletionLine, StringComparison.Ordinal));
        if (logged != Answered + InFlight)
        {
            output.WriteLine(string.Join(Environment.NewLine, lines));
        }
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(0, exitCode);
        Assert.Equal(Answered + InFlight, logged);
        Assert.Contains(lines, line => line.Contains("Stopped after draining", StringComparison.Ordinal));
    }

    private static async Task<double> ActiveAsyncRequestsAsync(HttpClient client) =>
        PrometheusText.Value(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(Timeouts.Request),
            "webdemo_strategy_active_requests", "webdemo_strategy=\"async\"") ?? 0;
}
