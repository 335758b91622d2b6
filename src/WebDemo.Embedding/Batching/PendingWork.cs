namespace WebDemo.Embedding.Batching;

/// <summary>
/// A queued piece of work and the promise its caller awaits. Continuations run asynchronously, so a batch worker never
/// runs a caller's code inline, and the caller's cancellation completes the promise at once (the work is then dropped
/// when a worker reaches it, never computed).
/// </summary>
public sealed class PendingWork<TWork, TResult>
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;

    public PendingWork(TWork work, CancellationToken cancellationToken)
    {
        Work = work;
        _cancellation = cancellationToken.UnsafeRegister(
            static (state, token) => ((TaskCompletionSource<TResult>)state!).TrySetCanceled(token), _completion);
    }

    public TWork Work { get; }

    public Task<TResult> Task => _completion.Task;

    public void Complete(TResult result)
    {
        _completion.TrySetResult(result);
        Release();
    }

    public void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        Release();
    }

    /// <summary>Stops listening to the caller's cancellation (done by <see cref="Complete"/> and <see cref="Fail"/>).</summary>
    public void Release() => _cancellation.Dispose();
}
