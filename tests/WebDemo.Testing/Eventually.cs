using System.Diagnostics;

namespace WebDemo.Testing;

/// <summary>
/// Waiting for the condition a test needs — a log line, a counter, a queue depth, a series in Prometheus — polled and
/// bounded by a timeout, never a fixed sleep: a fast machine goes on at once, a slow one gets the whole timeout.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with "waiting until <paramref name="what"/>" after <paramref name="timeout"/>.</summary>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? poll = null) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, () => what, poll);

    /// <inheritdoc cref="HoldsAsync(Func{bool}, TimeSpan, string, TimeSpan?)"/>
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? poll = null) =>
        HoldsAsync(condition, timeout, () => what, poll);

    /// <summary>As above; <paramref name="what"/> is asked only on failure, so it can describe the state at that moment.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what, TimeSpan? poll = null) =>
        ValueAsync(condition, done => done, timeout, what, poll);

    /// <summary>Reads a value until <paramref name="done"/> accepts it, and returns it; fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<string> what, TimeSpan? poll = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // One read may not take the whole budget and then some: it is bounded by what is left of it.
            var value = await read().WaitAsync(Max(timeout - waited.Elapsed, TimeSpan.FromSeconds(1)));
            if (done(value))
            {
                return value;
            }
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0.#} s waiting until {what()}.");
            }
            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
