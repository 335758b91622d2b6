namespace WebDemo.Embedding.Threading;

/// <summary>
/// A loop that must not run on the thread pool — because it measures the pool, must keep going while the pool is starved,
/// or is CPU work that must not take the pool's threads — gets a thread of its own, started here.
/// </summary>
public static class DedicatedThread
{
    /// <summary>Runs <paramref name="body"/> on a new background thread.</summary>
    /// <returns>A task that completes when the body returns, or faults with what it threw.</returns>
    public static Task Start(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a loop to end (at shutdown), whatever it ended with.</summary>
    public static async Task StopWaitingAsync(Task loop, TimeSpan timeout)
    {
        await Task.WhenAny(loop, Task.Delay(timeout)).ConfigureAwait(false);
    }
}
