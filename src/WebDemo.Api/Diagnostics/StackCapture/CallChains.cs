namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// Groups the pool threads of a capture by what holds them: the leaf frame (where the thread waits or runs), the
/// framework call the application made to get there, and the first application frames below it. Framework frames in
/// between are folded into "…", so a hundred threads blocked in the same code make one line.
/// </summary>
public static class CallChains
{
    public const string Folded = "…";
    private const string WorkerThreadStart = "PortableThreadPool+WorkerThread.WorkerThreadStart";
    private const string Dispatch = "ThreadPoolWorkQueue.Dispatch";
    private static readonly string CaptureNamespace = typeof(CallChains).Namespace + ".";

    public static CaptureAnalysis Analyse(IReadOnlyList<SampledThread> threads, string applicationPrefix, int applicationFrames)
    {
        var pool = 0;
        var idle = 0;
        var other = 0;
        var busy = new List<(CallChainKey Key, IReadOnlyList<SampledFrame> Frames, int ThreadId)>();
        foreach (var thread in threads)
        {
            // The stack the thread spent most of the window in: a thread that ran app code for one sample is not held by it.
            var frames = thread.Stacks.MaxBy(stack => stack.Samples)?.Frames ?? [];
            if (frames.Count == 0)
            {
                other++; // no managed frame resolved: not a thread the pool runs work items on
                continue;
            }
            if (frames.Any(frame => frame.Method.StartsWith(CaptureNamespace, StringComparison.Ordinal)))
            {
                continue; // the capture's own threads
            }
            if (!frames.Any(frame => Is(frame, WorkerThreadStart)))
            {
                other++;
                continue;
            }
            pool++;
            if (!frames.Any(frame => Is(frame, Dispatch)))
            {
                idle++; // waiting for work, not running a work item
                continue;
            }
            busy.Add((KeyOf(frames, applicationPrefix, applicationFrames), frames, thread.OsThreadId));
        }

        var chains = busy.GroupBy(entry => entry.Key)
            .Select(group => new CallChain(
                string.Join(" ← ", group.Key.Frames.Select(frame => frame.Name)), group.Count(), group.Key.ApplicationCode, group.Key.Frames,
                group.First().Frames.Select(frame => FrameNames.Display(frame.Method)).ToList(),
                group.Select(entry => entry.ThreadId).Order().ToList()))
            .OrderByDescending(chain => chain.Threads).ThenByDescending(chain => chain.ApplicationCode).ThenBy(chain => chain.Name, StringComparer.Ordinal)
            .ToList();
        return new CaptureAnalysis(pool, idle, other, chains);
    }

    private static CallChainKey KeyOf(IReadOnlyList<SampledFrame> frames, string applicationPrefix, int applicationFrames)
    {
        var names = new List<ChainFrame> { new(FrameNames.Display(frames[0].Method), IsApplication(frames[0], applicationPrefix)) };
        var application = Enumerable.Range(0, frames.Count)
            .Where(i => IsApplication(frames[i], applicationPrefix)).Take(applicationFrames).ToList();
        if (application.Count == 0)
        {
            // No application code: name the work item by the frame the pool dispatched to.
            var dispatch = frames.ToList().FindIndex(frame => Is(frame, Dispatch));
            AppendAfterGap(names, frames, dispatch - 1, previous: 0, application: false);
            return new CallChainKey(names, ApplicationCode: false);
        }
        // The framework call the application made (e.g. Thread.Sleep, TaskAwaiter.GetResult), then the application frames.
        var previous = 0;
        if (application[0] - 1 > 0)
        {
            AppendAfterGap(names, frames, application[0] - 1, previous, application: false);
            previous = application[0] - 1;
        }
        foreach (var index in application)
        {
            // An async method shows twice: its state machine (MoveNext) and, below it, the stub that started it.
            if (names[^1].Name != FrameNames.Display(frames[index].Method) + FrameNames.AsyncSuffix)
            {
                AppendAfterGap(names, frames, index, previous, application: true);
            }
            previous = index;
        }
        return new CallChainKey(names, ApplicationCode: true);
    }

    private static void AppendAfterGap(List<ChainFrame> names, IReadOnlyList<SampledFrame> frames, int index, int previous, bool application)
    {
        if (index <= previous || index >= frames.Count)
        {
            return;
        }
        if (index > previous + 1)
        {
            names.Add(new ChainFrame(Folded, Application: false));
        }
        names.Add(new ChainFrame(FrameNames.Display(frames[index].Method), application));
    }

    private static bool IsApplication(SampledFrame frame, string applicationPrefix) =>
        frame.Module.StartsWith(applicationPrefix, StringComparison.Ordinal);

    private static bool Is(SampledFrame frame, string typeAndMethod) =>
        frame.Method.Contains(typeAndMethod, StringComparison.Ordinal);

    private sealed record CallChainKey(IReadOnlyList<ChainFrame> Frames, bool ApplicationCode)
    {
        public bool Equals(CallChainKey? other) => other is not null && Frames.SequenceEqual(other.Frames);

        public override int GetHashCode() => string.Join('\n', Frames.Select(frame => frame.Name)).GetHashCode(StringComparison.Ordinal);
    }
}
