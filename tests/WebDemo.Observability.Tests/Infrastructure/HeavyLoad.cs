namespace WebDemo.Observability.Tests.Infrastructure;

/// <summary>Tests that put an API process under heavy load run one at a time (2 cores): they would skew each other's numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyLoad
{
    public const string Name = "Thread-pool load";
}
