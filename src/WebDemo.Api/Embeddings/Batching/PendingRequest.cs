namespace WebDemo.Api.Embeddings.Batching;

/// <summary>
/// A queued request and the promise its caller awaits. Continuations run asynchronously so the batch
/// worker never runs a caller's code inline, and the caller's cancellation completes the promise at once.
/// </summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<EmbeddingResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;

    public PendingRequest(EmbeddingJob job, CancellationToken cancellationToken)
    {
        Job = job;
        _cancellation = cancellationToken.UnsafeRegister(
            static (state, token) => ((TaskCompletionSource<EmbeddingResult>)state!).TrySetCanceled(token), _completion);
    }

    public EmbeddingJob Job { get; }

    public Task<EmbeddingResult> Task => _completion.Task;

    public void Complete(EmbeddingResult result)
    {
        _completion.TrySetResult(result);
        _cancellation.Dispose();
    }

    public void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        _cancellation.Dispose();
    }
}
