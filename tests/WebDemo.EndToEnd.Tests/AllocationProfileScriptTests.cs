using System.Diagnostics;
using System.Globalization;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// load/scripts/allocation-profile.sh, what each async request allocates item by item, in a short run: the runtime's
/// sampled allocations must add up to about what its allocation counter says per request, name the API's own types
/// among them, and show the stacks of a type when asked.
/// </summary>
public sealed class AllocationProfileScriptTests(ITestOutputHelper output)
{
    private readonly CommandRun _script = new(output.WriteLine);

    [Fact]
    public async Task ItItemisesTheBytesTheRuntimeCountedPerRequest()
    {
        var outFolder = Directory.CreateTempSubdirectory("webdemo-allocations-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash");
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "load", "scripts", "allocation-profile.sh"));
            start.Environment["CONNECTIONS"] = "50";
            start.Environment["TRACE_SECONDS"] = "4";
            start.Environment["STACKS"] = "EmbeddingPipelineFilter";
            start.Environment["OUT"] = outFolder;
            start.Environment["NO_BUILD"] = RepositoryPaths.Configuration == "Release" ? "1" : "0";

            Assert.Equal(0, await _script.RunAsync(start, TimeSpan.FromMinutes(4)));

            var counted = Number(Assert.Single(_script.Lines, line => line.Contains("B/req allocated (runtime counter)", StringComparison.Ordinal)));
            var sampled = Number(Assert.Single(_script.Lines, line => line.Contains("B/req sampled in all", StringComparison.Ordinal)));
            // ~1,500 requests of a few KB: a few hundred samples of ~100 KB, so the sum is near the counter, not equal to it.
            Assert.InRange(sampled, counted * 0.6, counted * 1.4);
            Assert.InRange(counted, 500, 50_000);
            // The stacks asked for: the filter's own state machine, allocated where the filter runs.
            Assert.Contains(_script.Lines, line => line.Contains("EmbeddingPipelineFilter", StringComparison.Ordinal) && line.Contains("B/req", StringComparison.Ordinal));
            Assert.Contains(_script.Lines, line => line.TrimStart().StartsWith("WebDemo.Api.Embeddings.EmbeddingPipelineFilter", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(outFolder, recursive: true);
        }
    }

    private static double Number(string line) => double.Parse(line.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
