using System.Diagnostics;
using WebDemo.Processes;

namespace WebDemo.Testing;

/// <summary>
/// A command line run to its end, as a person or CI would run it: its output lines are kept and passed on to a log
/// (e.g. <c>ITestOutputHelper.WriteLine</c>) as they come.
/// </summary>
public sealed class CommandRun(Action<string>? log = null)
{
    private readonly ProcessOutput _output = new(log);

    /// <summary>Every line the command wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Lines => _output.Lines;

    /// <summary>Runs <paramref name="start"/> to its end and returns its exit code; past the timeout it is killed.</summary>
    public async Task<int> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Returns once the process has exited and both streams are read to their end.
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }
}
