namespace WebDemo.Api.Telemetry;

/// <summary>
/// What the backend calls in the current flow are made for: set by the pipeline filter for one request (batch size 1)
/// and by the batcher for one batch. It flows with the execution context, through <c>Task.Run</c> and awaits alike,
/// so the backend span can say which strategy made the call without the strategies knowing about tracing.
/// </summary>
public static class BackendCallContext
{
    private static readonly AsyncLocal<(string Strategy, int BatchSize)?> Current = new();

    public static (string Strategy, int BatchSize)? Value => Current.Value;

    /// <summary>Sets the context for the rest of the calling async method (it reverts when that method returns).</summary>
    /// <remarks>Only the backend span reads it: with no one listening for spans, nothing is set (an async-local costs an
    /// execution context per request).</remarks>
    public static void Set(string strategy, int batchSize)
    {
        if (AppDiagnostics.ActivitySource.HasListeners())
        {
            Current.Value = (strategy, batchSize);
        }
    }
}
