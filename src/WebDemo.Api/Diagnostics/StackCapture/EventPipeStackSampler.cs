using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// Samples the managed stacks of every thread of this process: an EventPipe session on the process's own diagnostic
/// port with only the runtime's sample profiler (each managed thread, about once a millisecond) and a rundown, which is
/// what names the methods; TraceEvent reads the trace back. Call it from a dedicated thread, never a pool thread: it
/// blocks for the window and the rundown (~0.2 s), and the pool may be starved.
/// </summary>
public sealed partial class EventPipeStackSampler(ILogger<EventPipeStackSampler> logger)
{
    private const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    /// <summary>Why this process cannot sample itself, or null when it can: its diagnostic port must be listening.</summary>
    public static string? UnavailableReason()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0"
            || Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics_IPC") == "0")
        {
            return StackCaptureUnavailableException.PortClosedReason;
        }
        try
        {
            return DiagnosticsClient.GetPublishedProcesses().Contains(Environment.ProcessId) ? null : StackCaptureUnavailableException.PortClosedReason;
        }
        catch (IOException)
        {
            return null; // the listing failed, not necessarily the port: the first capture will tell
        }
    }

    /// <summary>Samples for <paramref name="window"/>; throws <see cref="StackCaptureUnavailableException"/> when the port is off.</summary>
    public IReadOnlyList<SampledThread> Sample(TimeSpan window, int bufferSizeMb)
    {
        var tracePath = Path.Combine(Path.GetTempPath(), $"webdemo-stacks-{Environment.ProcessId}-{Guid.NewGuid():N}.nettrace");
        string? etlxPath = null;
        try
        {
            var startedAt = Stopwatch.GetTimestamp();
            var stoppedAfter = Record(tracePath, window, bufferSizeMb);
            var recordedAfter = Stopwatch.GetElapsedTime(startedAt);
            etlxPath = TraceLog.CreateFromEventPipeDataFile(tracePath);
            using var log = new TraceLog(etlxPath);
            var threads = Read(log);
            LogPhases(logger, stoppedAfter.TotalMilliseconds, recordedAfter.TotalMilliseconds, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds,
                new FileInfo(tracePath).Length / 1024);
            return threads;
        }
        finally
        {
            File.Delete(tracePath);
            if (etlxPath is not null)
            {
                File.Delete(etlxPath);
            }
        }
    }

    // Returns when the session was stopped, from the start: the window plus the time to get a session going.
    private static TimeSpan Record(string tracePath, TimeSpan window, int bufferSizeMb)
    {
        var startedAt = Stopwatch.GetTimestamp();
        EventPipeSession session;
        try
        {
            session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(
                [new EventPipeProvider(SampleProfiler, EventLevel.Informational)], requestRundown: true, circularBufferMB: bufferSizeMb);
        }
        catch (ServerNotAvailableException exception)
        {
            throw new StackCaptureUnavailableException(StackCaptureUnavailableException.PortClosedReason, exception);
        }
        using (session)
        using (var file = File.Create(tracePath))
        {
            // The stream must be drained while the runtime writes it; a pool thread might never get to run, so a thread of our own.
            var reader = new Thread(() => session.EventStream.CopyTo(file)) { IsBackground = true, Name = "Stack capture reader" };
            reader.Start();
            Thread.Sleep(window); // the sampling window itself: this dedicated thread has nothing else to do meanwhile
            var stoppingAfter = Stopwatch.GetElapsedTime(startedAt);
            session.Stop();       // ends sampling and writes the rundown (method names), then closes the stream
            reader.Join();
            return stoppingAfter;
        }
    }

    private static List<SampledThread> Read(TraceLog log)
    {
        var threads = new Dictionary<int, Dictionary<int, (IReadOnlyList<SampledFrame> Frames, int Count)>>();
        foreach (var sample in log.Events)
        {
            if (sample.ProviderName != SampleProfiler || sample.CallStack() is not { } stack)
            {
                continue;
            }
            if (!threads.TryGetValue(sample.ThreadID, out var stacks))
            {
                threads[sample.ThreadID] = stacks = [];
            }
            var index = (int)stack.CallStackIndex;
            stacks[index] = stacks.TryGetValue(index, out var seen) ? (seen.Frames, seen.Count + 1) : (FramesOf(stack), 1);
        }
        return threads.Select(thread => new SampledThread(thread.Key,
            thread.Value.Values.Select(stack => new StackSeen(stack.Frames, stack.Count)).ToList())).ToList();
    }

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Stack sample: stop requested after {SamplingMs} ms, trace complete after {RecordedMs} ms, read after {TotalMs} ms ({TraceKb} KB)")]
    private static partial void LogPhases(ILogger logger, double samplingMs, double recordedMs, double totalMs, long traceKb);

    // Leaf first, as a debugger shows a stack.
    private static List<SampledFrame> FramesOf(TraceCallStack stack)
    {
        var frames = new List<SampledFrame>();
        for (var frame = stack; frame is not null; frame = frame.Caller)
        {
            var address = frame.CodeAddress;
            if (!string.IsNullOrEmpty(address.FullMethodName))
            {
                frames.Add(new SampledFrame(address.FullMethodName, address.ModuleName ?? ""));
            }
        }
        return frames;
    }
}
