// Load scenarios as C# code — start here to write your own.
//
//   dotnet run --project load/WebDemo.Load.Scenarios -c Release                    the five strategies, one after another
//   dotnet run --project load/WebDemo.Load.Scenarios -c Release -- openai          embed, then check the nearest answer
//   dotnet run --project load/WebDemo.Load.Scenarios -c Release -- mixed           async traffic, then with a little blocking
//   ... -- strategies --target http://localhost:5000 --load "keep-constant(50, 10s)" --warm-up 0s --out reports
//   ... -- --help                                                                 every option: the CLI's own `run` options
//
// Without --target every stage gets a fresh API process from this checkout (cold thread pool), as `compare` does.
// A scenario is a name and an async function that does one unit of work and returns Outcome.Ok or Outcome.Fail;
// the load (Traffic.*), warm-up and thresholds are set on it. LoadRun runs scenarios added together at the same
// time, Then(...) starts the next stage, and the reports (HTML, Markdown, JSON, CSV) land in load/reports/.
using System.Net.Http.Json;
using WebDemo.Embedding;
using WebDemo.Load.CodeScenarios;
using WebDemo.Load.Scenarios;

var set = LoadRun.Create("scenarios", args).Words is [var first, ..] ? first : "strategies";
return set switch
{
    "strategies" => await Strategies(),
    "openai" => await LoadRun.Create("openai", args).Add(OpenAiScenario.SearchByMeaning()).RunAsync(),
    "mixed" => await Mixed(),
    "health" => await LoadRun.Create("health", args).Add(Health()).RunAsync(),
    _ => Usage(),
};

// The comparison as code: every strategy under the same closed-model load, each on its own fresh server.
Task<int> Strategies()
{
    var run = LoadRun.Create("strategies", args);
    foreach (var name in StrategyNames.All)
    {
        run.Then(Embed(name, name));
    }
    return run.RunAsync();
}

// How much does a little blocking hurt everyone else? Async traffic alone, then the same traffic while four
// virtual users call the blocking strategy on the same server.
Task<int> Mixed()
{
    var traffic = Embed("async alone", StrategyNames.Async).WithLoad(Traffic.Inject(300, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)));
    return LoadRun.Create("mixed", args)
        .Add(traffic)
        .Then(traffic with { Name = "async beside blocking" },
              Embed("a little blocking", StrategyNames.Blocking).WithLoad(Traffic.KeepConstant(4, TimeSpan.FromSeconds(20))))
        .RunAsync();
}

// One embedding request per call: POST the strategy's route with a JSON body, ok on 2xx.
static LoadScenario Embed(string name, string strategy) =>
    LoadScenario.Create(name, async context =>
    {
        using var response = await context.Http.PostAsJsonAsync(StrategyNames.RouteOf(strategy),
            new { input = $"how can I reset my password, attempt {context.InvocationNumber}" }, context.CancellationToken);
        return await Outcome.FromResponseAsync(response, context.CancellationToken);
    })
    .WithWarmUp(TimeSpan.FromSeconds(5))
    .WithLoad(Traffic.KeepConstant(copies: 200, during: TimeSpan.FromSeconds(25)))
    .WithThresholds("fail-rate < 1%");

// The cheapest request there is, at a fixed rate (open model): what the client itself costs per request.
static LoadScenario Health() =>
    LoadScenario.Create("health", async context =>
    {
        using var response = await context.Http.GetAsync("/health/live", context.CancellationToken);
        return await Outcome.FromResponseAsync(response, context.CancellationToken);
    })
    .WithWarmUp(TimeSpan.FromSeconds(3))
    .WithLoad(Traffic.Inject(rate: 2000, interval: TimeSpan.FromSeconds(1), during: TimeSpan.FromSeconds(20)))
    .WithThresholds("dropped < 1", "fail-rate < 0.1%");

static int Usage()
{
    Console.Error.WriteLine("Usage: dotnet run --project load/WebDemo.Load.Scenarios -c Release -- [strategies|openai|mixed|health] " +
        "[options] (--help lists them)");
    return 2;
}
