using BenchmarkDotNet.Running;

// dotnet run -c Release --project load/WebDemo.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project load/WebDemo.Benchmarks -- local [seconds]   (the real model: workers, batches, the API)
if (args is ["local", ..])
{
    await WebDemo.Benchmarks.LocalModelBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point; the benchmarks are discovered by <see cref="BenchmarkSwitcher"/>.</summary>
public partial class Program;
