using System.Diagnostics;
using WebDemo.Testing;

namespace WebDemo.EndToEnd.Tests;

/// <summary>
/// load/scripts/with-slice.py, which wrk-async.sh puts in front of the server: the command it runs gets the CPU time
/// slice asked for (Linux 6.12+ reports it in /proc/self/sched), with its nice value kept.
/// </summary>
public sealed class WithSliceScriptTests(ITestOutputHelper output)
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "load", "scripts", "with-slice.py");

    // Custom slices for ordinary threads came with Linux 6.12; older kernels leave the default, which the script allows.
    internal static bool KernelGrantsCustomSlices => Environment.OSVersion.Version >= new Version(6, 12);

    private readonly CommandRun _run = new(output.WriteLine);

    [Fact]
    public async Task TheCommandRunsWithTheSliceAskedForAndKeepsItsNiceValue()
    {
        var exitCode = await RunAsync("nice", "-n", "5", "python3", Script, "250", "cat", "/proc/self/sched");

        Assert.Equal(0, exitCode);
        Assert.Equal("125", Field("prio")); // 120 + nice 5: only the slice changed
        if (KernelGrantsCustomSlices)
        {
            Assert.Equal("250000", Field("se.slice")); // ns
        }
    }

    [Theory]
    [InlineData("5")] // below the kernel's 0.1 ms
    [InlineData("200000")] // above its 100 ms
    [InlineData("fast")]
    public async Task ASliceOutsideWhatTheKernelAcceptsIsRefusedAndTheCommandDoesNotRun(string microseconds)
    {
        var exitCode = await RunAsync("python3", Script, microseconds, "echo", "ran");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(_run.Lines, line => line.StartsWith("usage: with-slice.py MICROSECONDS", StringComparison.Ordinal));
        Assert.DoesNotContain("ran", _run.Lines);
    }

    private Task<int> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return _run.RunAsync(start, TimeSpan.FromSeconds(30));
    }

    private string Field(string name)
    {
        var line = Assert.Single(_run.Lines, line => line.Split(':')[0].Trim() == name);
        return line.Split(':')[1].Trim();
    }
}
