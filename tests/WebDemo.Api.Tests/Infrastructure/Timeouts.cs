namespace WebDemo.Api.Tests.Infrastructure;

/// <summary>Upper bounds for every await in the tests: generous, so a slow CI machine never fails a correct test.</summary>
public static class Timeouts
{
    /// <summary>One HTTP exchange with the in-process server.</summary>
    public static readonly TimeSpan Request = TimeSpan.FromSeconds(30);

    /// <summary>Waiting for the server to reach a state (a counter moving, a request being queued).</summary>
    public static readonly TimeSpan Condition = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <see cref="Condition"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Condition);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
            await Task.Delay(10);
        }
    }
}
