namespace WebDemo.Load.Tests;

/// <summary>
/// Tests that run whole load runs (API processes, the CLI, Chromium) run alone, after the others: on 2 cores they
/// would otherwise take the CPU that the engine's latency tests measure with.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadProcesses
{
    public const string Name = "Whole load runs";
}
