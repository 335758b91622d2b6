using System.Net.Http.Json;

namespace WebDemo.Testing;

/// <summary>
/// Closed-model load for the tests: <c>concurrency</c> workers each post one embeddings request after another until
/// the duration is over or the load is cancelled; requests still running then are abandoned (a blocked server finishes
/// them on its own).
/// </summary>
public static class ConcurrentLoad
{
    public static async Task<int> RunAsync(Uri baseAddress, string path, int concurrency, TimeSpan duration,
        CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var completed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.PostAsJsonAsync(path, new { input = "load" }, stop.Token);
                    Interlocked.Increment(ref completed);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });
        await Task.WhenAll(workers).WaitAsync(duration + TimeSpan.FromSeconds(10), CancellationToken.None);
        return completed;
    }
}
