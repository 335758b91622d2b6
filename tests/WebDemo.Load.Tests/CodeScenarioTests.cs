using WebDemo.Load.Cli;
using WebDemo.Load.CodeScenarios;
using WebDemo.Load.Results;

namespace WebDemo.Load.Tests;

/// <summary>Scenarios written as code, run by <see cref="LoadRun"/> against a real Kestrel server with known latencies.</summary>
[Collection(LoadProcesses.Name)]
public sealed class CodeScenarioTests
{
    [Fact]
    public async Task AScenarioThatFailsSomeCallsIsCountedExactlyByKind()
    {
        await using var target = await TestTarget.StartAsync();
        // Of every four calls: two answered ok, one 404 from the server, one failed by the scenario's own check.
        var scenario = LoadScenario.Create("mostly-ok", async context =>
            {
                var path = context.InvocationNumber % 4 == 2 ? "/missing" : "/fixed/5";
                using var response = await context.Http.GetAsync(path, context.CancellationToken);
                var outcome = await Outcome.FromResponseAsync(response, context.CancellationToken);
                return context.InvocationNumber % 4 == 3 ? Outcome.Fail("wrong-answer", statusCode: 200) : outcome;
            })
            .WithoutWarmUp()
            .WithLoad(Traffic.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));

        var (exitCode, results) = await RunAsync(target, scenario);

        Assert.Equal(0, exitCode);
        var result = Assert.Single(results.Scenarios);
        Assert.Equal(100, result.Requests.Total);
        Assert.Equal(50, result.Requests.Ok);
        Assert.Equal(50, result.Requests.Failed);
        Assert.Equal(new Dictionary<string, long> { ["http-404"] = 25, ["wrong-answer"] = 25 }, result.Requests.Errors);
        Assert.Equal("HttpClient (scenario code)", result.Client);
    }

    [Theory]
    [InlineData("p99 < 1ms", 1)]
    [InlineData("p99 < 10s", 0)]
    public async Task ThresholdsSetTheExitCode(string threshold, int expectedExitCode)
    {
        await using var target = await TestTarget.StartAsync();
        var scenario = Fixed("fixed-50", "/fixed/50").WithLoad(Traffic.KeepConstant(3, TimeSpan.FromSeconds(1))).WithThresholds(threshold);

        var (exitCode, results) = await RunAsync(target, scenario);

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Equal(expectedExitCode == 0, Assert.Single(Assert.Single(results.Scenarios).Thresholds).Passed);
    }

    [Fact]
    public async Task TwoScenariosAddedTogetherRunAtTheSameTimeAndKeepSeparateResults()
    {
        await using var target = await TestTarget.StartAsync();
        // Both hold two requests on /counted/300 at a time: four in flight at once only if they overlap.
        var passing = Fixed("passing", "/counted/300").WithLoad(Traffic.KeepConstant(2, TimeSpan.FromSeconds(2)));
        var failing = LoadScenario.Create("failing", async context =>
            {
                using var response = await context.Http.GetAsync("/counted/300", context.CancellationToken);
                return Outcome.Fail("always");
            })
            .WithoutWarmUp()
            .WithLoad(Traffic.KeepConstant(2, TimeSpan.FromSeconds(2)));

        var (exitCode, results) = await RunAsync(target, passing, failing);

        Assert.Equal(0, exitCode);
        Assert.Equal(4, target.MaxInFlight);
        Assert.Equal(["passing", "failing"], results.Scenarios.Select(scenario => scenario.Name));
        var (ok, failed) = (results.Scenarios[0], results.Scenarios[1]);
        Assert.True(ok.Requests.Ok >= 8, $"passing: {ok.Requests.Ok} ok");
        Assert.Equal(0, ok.Requests.Failed);
        Assert.Equal(0, failed.Requests.Ok);
        Assert.Equal(failed.Requests.Total, failed.Requests.Errors["always"]);
    }

    [Fact]
    public async Task AnUnknownOptionIsAUsageErrorWithExitCode2()
    {
        var exitCode = await LoadRun.Create("usage", ["--targt", "http://localhost:1"]).Add(Fixed("x", "/fixed/1")).RunAsync()
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public void ACodeRunTakesTheRunCommandsOptionsSaveTheOnesThatShapeItsRequest()
    {
        string[] requestShape = ["--strategy", "--method", "--inputs", "--text-length", "--latency-ms"];
        var run = LoadCli.Create().Subcommands.Single(command => command.Name == "run").Options.Select(option => option.Name);
        var code = new LoadRunOptions().Command("code").Options.Select(option => option.Name);

        Assert.Equal(
            run.Except(requestShape).Except(["--start-at"]).Order(StringComparer.Ordinal),
            code.Except(["--api-dll", "--help", "--version"]).Order(StringComparer.Ordinal));
    }

    private static LoadScenario Fixed(string name, string path) =>
        LoadScenario.Create(name, async context =>
            {
                using var response = await context.Http.GetAsync(path, context.CancellationToken);
                return await Outcome.FromResponseAsync(response, context.CancellationToken);
            })
            .WithoutWarmUp();

    private static async Task<(int ExitCode, LoadReport Results)> RunAsync(TestTarget target, params LoadScenario[] scenarios)
    {
        var reports = Directory.CreateTempSubdirectory("webdemo-code-").FullName;
        var exitCode = await LoadRun.Create("test", ["--target", target.BaseAddress.ToString(), "--format", "json", "--out", reports, "--bystander-rate", "2"])
            .Add(scenarios)
            .RunAsync()
            .WaitAsync(TimeSpan.FromMinutes(2));
        var results = await ResultJson.ReadAsync(Path.Combine(Assert.Single(Directory.GetDirectories(reports)), "results.json"));
        return (exitCode, results);
    }
}
