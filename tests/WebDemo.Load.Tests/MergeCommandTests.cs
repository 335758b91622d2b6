using System.Diagnostics;
using System.Text.Json;
using WebDemo.Testing;

namespace WebDemo.Load.Tests;

/// <summary>
/// <c>merge</c> as the distributed runs use it: copies that finished are merged exactly, a copy that left nothing is
/// named (non-zero exit), and results that are not copies of one run are refused with nothing written.
/// </summary>
[Collection(LoadProcesses.Name)]
public sealed class MergeCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly CommandRun _cli = new(output.WriteLine);
    private readonly string _folder = Directory.CreateTempSubdirectory("webdemo-merge-").FullName;

    [Fact]
    public async Task ACopyThatLeftNoResultsIsNamedAndTheOthersAreMergedWithANonZeroExit()
    {
        await using var target = await TestTarget.StartAsync();
        await RunCopyAsync(target, "worker-0", "/fixed/10");
        await RunCopyAsync(target, "worker-1", "/fixed/10");
        Directory.CreateDirectory(Path.Combine(_folder, "worker-2")); // its pod died before writing anything

        var exitCode = await CliAsync("merge", Folder("worker-0"), Folder("worker-1"), Folder("worker-2"), "--format", "json", "--out", Folder("merged"));

        Assert.Equal(3, exitCode);
        Assert.Contains(_cli.Lines, line => line.StartsWith("merge: no results from worker-2 ", StringComparison.Ordinal));
        var merged = Totals(Folder("merged"));
        Assert.Equal(2, merged.Machines);
        Assert.Equal(Totals(Folder("worker-0")).Requests + Totals(Folder("worker-1")).Requests, merged.Requests);
    }

    [Fact]
    public async Task ResultsOfDifferentScenariosAreRefusedAndNothingIsWritten()
    {
        await using var target = await TestTarget.StartAsync();
        await RunCopyAsync(target, "worker-0", "/fixed/10");
        await RunCopyAsync(target, "worker-1", "/fixed/50");

        var exitCode = await CliAsync("merge", Folder("worker-0"), Folder("worker-1"), "--out", Folder("merged"));

        Assert.Equal(2, exitCode);
        Assert.Contains(_cli.Lines, line => line.Contains("not copies of one run", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Folder("merged")), "merge wrote a report although it refused the inputs");
    }

    [Fact]
    public async Task AResultsFileOfAnotherSchemaIsRefusedAndNothingIsWritten()
    {
        await using var target = await TestTarget.StartAsync();
        await RunCopyAsync(target, "worker-0", "/fixed/10");
        var alien = Path.Combine(_folder, "alien.json");
        await File.WriteAllTextAsync(alien, """{"schema": "webdemo-load/0", "command": "run", "scenarios": []}""");

        var exitCode = await CliAsync("merge", Folder("worker-0"), alien, "--out", Folder("merged"));

        Assert.Equal(2, exitCode);
        Assert.Contains(_cli.Lines, line => line.Contains("webdemo-load/0", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Folder("merged")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Folder(string name) => Path.Combine(_folder, name);

    private async Task RunCopyAsync(TestTarget target, string name, string path) =>
        Assert.Equal(0, await CliAsync("run", "--target", target.BaseAddress.ToString(), "--strategy", path,
            "--load", "inject(20, 1s, 1s)", "--warm-up", "0s", "--format", "json", "--out", Folder(name)));

    private static (int Machines, long Requests) Totals(string folder)
    {
        using var results = JsonDocument.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(folder, "results.json", SearchOption.AllDirectories))));
        var root = results.RootElement;
        return (root.GetProperty("machines").GetInt32(),
            root.GetProperty("scenarios").EnumerateArray().Sum(scenario => scenario.GetProperty("requests").GetProperty("total").GetInt64()));
    }

    private Task<int> CliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(RepositoryPaths.BuildOutputOf("WebDemo.Load"), "WebDemo.Load.dll") } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return _cli.RunAsync(start, TimeSpan.FromSeconds(90));
    }
}
