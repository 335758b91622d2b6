namespace WebDemo.Api.Diagnostics.ThreadPoolSignals;

/// <summary>The parts of the thread pool's state that need an out-parameter call to read.</summary>
public static class ThreadPoolState
{
    public static int MinWorkerThreads
    {
        get
        {
            ThreadPool.GetMinThreads(out var worker, out _);
            return worker;
        }
    }

    public static int MaxWorkerThreads
    {
        get
        {
            ThreadPool.GetMaxThreads(out var worker, out _);
            return worker;
        }
    }
}
