using System.Collections.Concurrent;

namespace WebDemo.Processes;

/// <summary>
/// The lines a child process writes, kept for assertions and passed on to a log (e.g. <c>ITestOutputHelper.WriteLine</c>)
/// as they come. Feed it from <c>Process.OutputDataReceived</c> and <c>ErrorDataReceived</c>.
/// </summary>
/// <param name="log">Receives each line as it comes; null for none.</param>
/// <param name="linesKept">How many of the latest lines to keep; all when null.</param>
public sealed class ProcessOutput(Action<string>? log, int? linesKept = null)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far (or the latest ones), stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public void Add(string? line)
    {
        if (line is null)
        {
            return; // the end of a stream
        }
        _lines.Enqueue(line);
        while (_lines.Count > linesKept && _lines.TryDequeue(out _))
        {
            // Drop the oldest: a long run keeps only its latest lines.
        }
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
