using BenchmarkDotNet.Running;

// dotnet run -c Release --project load/WebDemo.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point; the benchmarks are discovered by <see cref="BenchmarkSwitcher"/>.</summary>
public partial class Program;
