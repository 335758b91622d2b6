using System.Diagnostics;
using WebDemo.Load.Engine;

namespace WebDemo.Load.Cli;

/// <summary>
/// A fair start on a running server: the threads one strategy made the pool grow would make the next blocking strategy
/// look better. Before each strategy, wait until the server's pool is back within <see cref="Margin"/> threads of its
/// minimum (an idle .NET pool retires a thread after about 20 s without work) and its recent worst scheduling delay is
/// under <see cref="CalmMs"/> (so no strategy is charged with the previous one's starvation), at most the limit, and say
/// how big the pool was when the strategy started.
/// </summary>
internal static class PoolCoolDown
{
    /// <summary>Threads above the pool's minimum an idle WebDemo API keeps (a fresh one has the minimum and one or two more).</summary>
    public const int Margin = 2;

    /// <summary>The server's worst scheduling delay of its last few seconds, in ms, below which it is not starved (the dashboard's line).</summary>
    public const double CalmMs = 100;

    /// <summary>The pool's size when the wait ended; null for a server without <c>/diagnostics/threadpool</c>.</summary>
    /// <param name="waiting">Told the pool's size and the goal once a second while waiting.</param>
    public static async Task<int?> WaitAsync(HttpClient client, Uri target, TimeSpan limit, Action<int, int> waiting, CancellationToken cancellationToken)
    {
        var sampler = new ServerSampler(client, target);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (await sampler.ReadAsync(cancellationToken) is not { FromHeader: false } snapshot)
            {
                return null;
            }
            var goal = snapshot.MinWorkerThreads + Margin;
            if ((snapshot.ThreadCount <= goal && snapshot.SchedulingDelayMaxMs < CalmMs) || Stopwatch.GetElapsedTime(started) >= limit)
            {
                return snapshot.ThreadCount;
            }
            waiting(snapshot.ThreadCount, goal);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
