using System.Collections.Concurrent;

namespace WebDemo.Testing;

/// <summary>
/// The lines a child process writes, kept for assertions and passed on to a log (e.g. <c>ITestOutputHelper.WriteLine</c>)
/// as they come. Feed it from <c>Process.OutputDataReceived</c> and <c>ErrorDataReceived</c>.
/// </summary>
public sealed class ProcessOutput(Action<string>? log)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public void Add(string? line)
    {
        if (line is null)
        {
            return; // the end of a stream
        }
        _lines.Enqueue(line);
        try
        {
            log?.Invoke(line);
        }
        catch (InvalidOperationException)
        {
            // xunit's output helper refuses lines after its test has finished; the line is still kept here.
        }
    }
}
