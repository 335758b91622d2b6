using WebDemo.Testing;

namespace WebDemo.Api.Tests.Infrastructure;

/// <summary>Upper bounds for every await in the tests: generous, so a slow CI machine never fails a correct test.</summary>
public static class Timeouts
{
    /// <summary>One HTTP exchange with the in-process server.</summary>
    public static readonly TimeSpan Request = TimeSpan.FromSeconds(30);

    /// <summary>Waiting for the server to reach a state (a counter moving, a request being queued).</summary>
    public static readonly TimeSpan Condition = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <see cref="Condition"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(condition, timeout ?? Condition, what, TimeSpan.FromMilliseconds(10));
}
