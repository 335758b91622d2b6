using System.Diagnostics;

namespace WebDemo.Load.Engine;

/// <summary>Waiting on the <see cref="Stopwatch"/> clock, in which every schedule of the engine is kept.</summary>
internal static class Clock
{
    public static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Sleeps in 1 ms steps and yields for the last fraction: late by ~0.1 ms, without burning a core.</summary>
    public static void WaitUntil(long timestamp, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }
            var milliseconds = remaining * 1000 / Stopwatch.Frequency;
            if (milliseconds >= 2)
            {
                cancellationToken.WaitHandle.WaitOne((int)Math.Min(milliseconds - 1, 200));
            }
            else if (remaining * 10_000 / Stopwatch.Frequency >= 1)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    /// <summary>Waits without a thread; returns early, without throwing, when cancelled.</summary>
    public static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return;
        }
        try
        {
            await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping early is what the caller asked for.
        }
    }
}
