using System.Net;
using System.Text.Json;
using WebDemo.Api.Lab;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Lab;

/// <summary>
/// Lab runs against the API on a real Kestrel loopback port: the load tool runs as a child process, one run at a time,
/// stopped at once by DELETE or by the API's shutdown. Small loads on the async strategy: these pin the run's life, not numbers.
/// </summary>
public sealed class LabRunTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(90);
    private const string LongRun = """{"strategies": ["async"], "clients": 4, "seconds": 60, "latencyMs": 20}""";

    [Fact]
    public async Task ASecondRunWhileOneIsGoingIsAConflictNamingTheRunningOne()
    {
        await using var factory = RealServer(output);
        using var client = LabAccessTests.KeyedClient(factory);
        var first = await StartAsync(client, LongRun);

        using var second = await client.PostJsonAsync("/lab/runs", """{"strategies": ["blocking"]}""");

        await second.AssertStatusAsync(HttpStatusCode.Conflict);
        var problem = await second.ReadJsonAsync();
        Assert.Equal(first, problem.GetProperty("runningId").GetString());
        Assert.Contains($"Run {first} is running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var stop = await client.DeleteAsync($"/lab/runs/{first}").WaitAsync(Timeouts.Request);
        await stop.AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeleteStopsARunningRunAtOnceAndTheListShowsIt()
    {
        await using var factory = RealServer(output);
        using var client = LabAccessTests.KeyedClient(factory);
        var id = await StartAsync(client, LongRun);
        await UntilAsync(client, id, run => run.GetProperty("progress").GetProperty("phase").GetString() == "running", "the load is running");

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        using var stop = await client.DeleteAsync($"/lab/runs/{id}").WaitAsync(Timeouts.Request);

        await stop.AssertStatusAsync(HttpStatusCode.OK);
        var run = await GetAsync(client, id);
        Assert.Equal("Stopped", run.GetProperty("state").GetString());
        Assert.Contains("DELETE", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {stopping.Elapsed}: the 60 s run was not stopped at once");
        using var list = await client.GetAsync("/lab/runs").WaitAsync(Timeouts.Request);
        Assert.Equal(id, (await list.ReadJsonAsync())[0].GetProperty("id").GetString());
        // Stopped, so a new run may start.
        var next = await StartAsync(client, LongRun);
        using var _ = await client.DeleteAsync($"/lab/runs/{next}").WaitAsync(Timeouts.Request);
    }

    [Fact]
    public async Task ShuttingTheApiDownStopsARunningRunAndTheApiStillStops()
    {
        var factory = RealServer(output);
        LabRunner runner;
        string id;
        using (var client = LabAccessTests.KeyedClient(factory))
        {
            id = await StartAsync(client, LongRun);
            await UntilAsync(client, id, run => run.GetProperty("progress").GetProperty("phase").GetString() == "running", "the load is running");
            runner = factory.GetRequiredService<LabRunner>();
        }

        await factory.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(45));

        var view = runner.Find(id)!.View();
        Assert.Equal(LabRunState.Stopped, view.State);
        Assert.Contains("shutting down", view.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACompletedRunHasATableRowPerStrategyAndServesTheLoadReport()
    {
        await using var factory = RealServer(output);
        using var client = LabAccessTests.KeyedClient(factory);
        var id = await StartAsync(client, """{"strategies": ["async", "batched"], "clients": 4, "seconds": 2, "latencyMs": 20}""");

        var run = await UntilAsync(client, id, run => run.GetProperty("state").GetString() != "Running", "the run ends", Run);

        Assert.Equal("Completed", run.GetProperty("state").GetString());
        var result = run.GetProperty("result");
        Assert.Equal(["async", "batched"], result.GetProperty("strategies").EnumerateArray().Select(row => row.GetProperty("strategy").GetString()));
        Assert.All(result.GetProperty("strategies").EnumerateArray(), row =>
        {
            Assert.True(row.GetProperty("requestsPerSecond").GetDouble() > 0);
            Assert.True(row.GetProperty("poolThreadsAtStart").GetInt32() > 0);
        });
        Assert.Contains(" the throughput of ", Assert.Single(result.GetProperty("sentences").EnumerateArray()).GetString(), StringComparison.Ordinal);
        using var report = await client.GetAsync(result.GetProperty("reportUrl").GetString()).WaitAsync(Timeouts.Request);
        await report.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("<h2>Comparison</h2>", await report.Content.ReadAsStringAsync().WaitAsync(Timeouts.Request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheNewestKeptRunsAreRememberedAndTheOldestReportsDeleted()
    {
        var reports = Directory.CreateTempSubdirectory("webdemo-lab-kept-").FullName;
        await using var factory = RealServer(output, new Dictionary<string, string?> { ["Lab:KeptRuns"] = "2", ["Lab:ReportsFolder"] = reports });
        using var client = LabAccessTests.KeyedClient(factory);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await StartAsync(client, LongRun);
            using var stop = await client.DeleteAsync($"/lab/runs/{id}").WaitAsync(Timeouts.Request);
            await stop.AssertStatusAsync(HttpStatusCode.OK);
            ids.Add(id);
        }

        using var list = await client.GetAsync("/lab/runs").WaitAsync(Timeouts.Request);
        Assert.Equal([ids[2], ids[1]], (await list.ReadJsonAsync()).EnumerateArray().Select(run => run.GetProperty("id").GetString()));
        using var forgotten = await client.GetAsync($"/lab/runs/{ids[0]}").WaitAsync(Timeouts.Request);
        await forgotten.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.False(Directory.Exists(Path.Combine(reports, ids[0])), "the forgotten run's reports were deleted");
        Assert.True(Directory.Exists(Path.Combine(reports, ids[2])));
    }

    /// <summary>The API on a real loopback port (the lab loads only that), with the lab enabled and its reports in a folder of its own.</summary>
    private static ApiFactory RealServer(ITestOutputHelper output, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Lab:ReportsFolder"] = Directory.CreateTempSubdirectory("webdemo-lab-tests-").FullName,
            // The test process's pool is shared by every test in it and need not shrink: no waiting for it here.
            ["Lab:PoolCoolDownSeconds"] = "0",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var factory = LabAccessTests.Enabled(output, settings);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    private static async Task<string> StartAsync(HttpClient client, string body)
    {
        using var response = await client.PostJsonAsync("/lab/runs", body);
        await response.AssertStatusAsync(HttpStatusCode.Accepted);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal($"/lab/runs/{id}", response.Headers.Location?.ToString());
        return id;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/lab/runs/{id}").WaitAsync(Timeouts.Request);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static async Task<JsonElement> UntilAsync(HttpClient client, string id, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = await GetAsync(client, id);
            if (condition(run))
            {
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}: {run}");
            await Task.Delay(200);
        }
    }
}
