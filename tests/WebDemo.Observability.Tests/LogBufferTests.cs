using System.Text.RegularExpressions;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>
/// A log buffer far too small for the request rate (one event, set through configuration like any Serilog argument):
/// requests never wait for the console, the events that do not fit are dropped, counted at <c>/metrics</c> and
/// reported as a Warning.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed partial class LogBufferTests(ITestOutputHelper output)
{
    private const string Dropped = "webdemo_log_events_dropped_total";

    [Fact]
    public async Task EventsAFullBufferDropsAreCountedAndReportedAsAWarning()
    {
        await using var app = await AppProcess.StartAsync("WebDemo.Api", new Dictionary<string, string>
        {
            ["Serilog__WriteTo__Async__Args__bufferSize"] = "1",
            ["LogBuffer__ReportIntervalSeconds"] = "1",
            ["Embeddings__MaxInFlightInputs"] = "100000",
        });
        using var client = app.CreateClient(TimeSpan.FromSeconds(60));
        var before = await DroppedAsync(client);

        // Bursts of requests that each log a line, until the worker falls behind (bounded: ten bursts of 3 s).
        var answered = 0;
        for (var burst = 0; burst < 10 && await DroppedAsync(client) == before; burst++)
        {
            answered += await ConcurrentLoad.RunAsync(app.BaseAddress, "/embeddings/async?latencyMs=0", 64, TimeSpan.FromSeconds(3));
        }
        var dropped = await DroppedAsync(client);
        var warning = await Eventually.ValueAsync(
            () => Task.FromResult(app.Output.LastOrDefault(line => DroppedWarning().IsMatch(line))),
            line => line is not null, TimeSpan.FromSeconds(30), () => "a Warning reported the dropped events");

        output.WriteLine($"{answered} requests answered, {dropped} events dropped; {warning}");
        Assert.True(dropped > 0, $"{answered} requests answered with a one-event buffer, and no event was dropped");
        var reportedTotal = long.Parse(DroppedWarning().Match(warning!).Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reportedTotal, 1, (long)await DroppedAsync(client));
    }

    private static async Task<double> DroppedAsync(HttpClient client) =>
        PrometheusText.Value(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30)), Dropped)
        ?? throw new InvalidOperationException($"{Dropped} is not on /metrics.");

    [GeneratedRegex(@"WRN\] \d+ log events were dropped in the last \d+ s: the log buffer \(1 events\) was full; (?<total>\d+) since start")]
    private static partial Regex DroppedWarning();
}
