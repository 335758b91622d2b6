using System.CommandLine;
using WebDemo.Load.Cli;

// WebDemo.Load: load scenarios in NBomber's vocabulary (see the README, "Load testing").
var root = new RootCommand("Load scenarios for WebDemo: run one strategy, compare them all, merge results from several machines.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(MergeCommand.Create());
return await root.Parse(args).InvokeAsync();
