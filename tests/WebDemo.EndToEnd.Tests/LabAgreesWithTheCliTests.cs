using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// One load engine: a lab run and the load tool's own <c>compare</c> against the same running API measure the same
/// thing — the same order of strategies, and within 15 % on throughput (all strategies' requests per second together).
/// Not per strategy: in a window of seconds, what blocking serves depends on when the runtime happens to inject a thread,
/// and differs between any two runs by more than that (both numbers are printed). Small and short, on a busy machine.
/// </summary>
public sealed class LabAgreesWithTheCliTests(ITestOutputHelper output)
{
    private const int Clients = 32;
    private const int Seconds = 6;
    private const int LatencyMs = 100;
    private static readonly string[] Strategies = ["blocking", "async"];

    [Fact]
    public async Task ALabRunAndTheCliCompareAgreeOnThroughputAndOrder()
    {
        await using var api = await Apps.StartApiAsync(output, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var client = api.CreateClient(Apps.Timeout);

        var lab = await LabRunAsync(client);
        var cli = await CliCompareAsync(api.BaseAddress);

        foreach (var strategy in Strategies)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{strategy}: lab {lab[strategy].Rps:0.#} req/s (pool {lab[strategy].ThreadsAtStart} at start), cli {cli[strategy].Rps:0.#} req/s (pool {cli[strategy].ThreadsAtStart} at start), ratio {lab[strategy].Rps / cli[strategy].Rps:0.00}"));
        }
        Assert.Equal(Order(cli), Order(lab));
        var (labTotal, cliTotal) = (lab.Values.Sum(row => row.Rps), cli.Values.Sum(row => row.Rps));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all strategies: lab {labTotal:0.#} req/s, cli {cliTotal:0.#} req/s, ratio {labTotal / cliTotal:0.00}"));
        Assert.InRange(labTotal / cliTotal, 0.85, 1 / 0.85);
    }

    private static string[] Order(Dictionary<string, (double Rps, int? ThreadsAtStart)> rows) =>
        [.. rows.OrderByDescending(row => row.Value.Rps).Select(row => row.Key)];

    private static async Task<Dictionary<string, (double Rps, int? ThreadsAtStart)>> LabRunAsync(HttpClient client)
    {
        using var started = await client.PostAsJsonAsync("/lab/runs", new { strategies = Strategies, clients = Clients, seconds = Seconds, latencyMs = LatencyMs })
            .WaitAsync(Apps.Timeout);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(location).WaitAsync(Apps.Timeout);
            var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WaitAsync(Apps.Timeout)).RootElement;
            if (run.GetProperty("state").GetString() != "Running")
            {
                Assert.Equal("Completed", run.GetProperty("state").GetString());
                return run.GetProperty("result").GetProperty("strategies").EnumerateArray().ToDictionary(
                    row => row.GetProperty("strategy").GetString()!,
                    row => (row.GetProperty("requestsPerSecond").GetDouble(), (int?)row.GetProperty("poolThreadsAtStart").GetInt32()));
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"the lab run did not end: {run}");
            await Task.Delay(500);
        }
    }

    private async Task<Dictionary<string, (double Rps, int? ThreadsAtStart)>> CliCompareAsync(Uri api)
    {
        var reports = Directory.CreateTempSubdirectory("webdemo-lab-cli-").FullName;
        var start = new ProcessStartInfo("dotnet");
        foreach (var argument in new[]
        {
            Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Load"), "WebDemo.Load.dll"), "compare", "--target", api.ToString(),
            "--strategies", string.Join(",", Strategies), "--load", $"keep-constant({Clients}, {Seconds}s)", "--warm-up", "0s",
            "--latency-ms", LatencyMs.ToString(CultureInfo.InvariantCulture), "--cool-down", "0s", "--pool-cool-down", "40s",
            "--format", "json", "--out", reports,
        })
        {
            start.ArgumentList.Add(argument);
        }
        Assert.Equal(0, await new CommandRun(output.WriteLine).RunAsync(start, TimeSpan.FromMinutes(3)));
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Assert.Single(Directory.GetDirectories(reports)), "results.json")));
        return results.RootElement.GetProperty("scenarios").EnumerateArray().ToDictionary(
            scenario => scenario.GetProperty("name").GetString()!,
            scenario => (OkRps(scenario), scenario.TryGetProperty("serverThreadsAtStart", out var threads) ? threads.GetInt32() : (int?)null));
    }

    /// <summary>Successful requests per second of the load window, as the load tool's own reports compute it.</summary>
    private static double OkRps(JsonElement scenario)
    {
        var duration = scenario.GetProperty("durationSeconds").GetDouble();
        var window = (int)Math.Ceiling(duration - 1e-6);
        return scenario.GetProperty("timeSeries").EnumerateArray().Where(second => second.GetProperty("second").GetInt32() < window)
            .Sum(second => second.GetProperty("ok").GetInt64()) / duration;
    }
}
