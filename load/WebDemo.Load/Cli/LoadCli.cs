using System.CommandLine;

namespace WebDemo.Load.Cli;

/// <summary>The command line: <c>run</c>, <c>compare</c>, <c>merge</c>.</summary>
public static class LoadCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Load scenarios for WebDemo: run one strategy, compare them all, merge results from several machines.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        return root;
    }

    public static Task<int> InvokeAsync(string[] args) => Create().Parse(args).InvokeAsync();
}
