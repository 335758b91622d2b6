using System.Globalization;
using BenchmarkDotNet.Running;
using WebDemo.Benchmarks.Local;

// dotnet run -c Release --project load/WebDemo.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project load/WebDemo.Benchmarks -- local [seconds [rounds]]   (the real model: workers, batches, the API)
if (args is ["local", ..])
{
    var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
    var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
    return await LocalModelBenchmark.RunAsync(seconds, rounds);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point; the benchmarks are discovered by <see cref="BenchmarkSwitcher"/>.</summary>
public partial class Program;
