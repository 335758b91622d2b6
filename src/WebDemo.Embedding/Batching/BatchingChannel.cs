using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace WebDemo.Embedding.Batching;

/// <summary>
/// Dynamic batching, written once: callers queue work in a <see cref="Channel{T}"/> and await its result; a worker that is
/// free takes everything queued right now, up to a batch limit, runs it as one batch and completes each caller's promise.
/// Only the executor differs between its two users: the batched strategy's one awaiting worker (the backends that wait)
/// and the local model's dedicated inference threads, which block on <see cref="WaitToReadAsync"/> (the model computes).
/// </summary>
/// <typeparam name="TWork">What a caller queues.</typeparam>
/// <typeparam name="TResult">What its promise completes with.</typeparam>
public sealed class BatchingChannel<TWork, TResult>
{
    private readonly Channel<PendingWork<TWork, TResult>> _channel;
    private readonly Func<TWork, int> _inputsOf;
    private readonly int _maxBatchInputs;
    private int _queued;

    /// <param name="inputsOf">How many inputs a piece of work carries (what the batch limit counts).</param>
    /// <param name="maxBatchInputs">Most inputs in one batch; a first piece larger than that goes alone.</param>
    /// <param name="capacity">Most pieces queued at once, beyond which <see cref="TryEnqueue"/> refuses; null: unbounded.</param>
    /// <param name="singleReader">Whether one worker only reads the queue.</param>
    /// <param name="wakeReaderInline">
    /// Whether a write wakes a waiting worker on the writer's thread: right for dedicated threads blocked in a wait, which
    /// then need no pool thread to wake up.
    /// </param>
    public BatchingChannel(Func<TWork, int> inputsOf, int maxBatchInputs, int? capacity = null, bool singleReader = true, bool wakeReaderInline = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchInputs, 1);
        _inputsOf = inputsOf;
        _maxBatchInputs = maxBatchInputs;
        _channel = capacity is { } bound
            ? Channel.CreateBounded<PendingWork<TWork, TResult>>(new BoundedChannelOptions(bound)
            {
                FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, which is the fail-fast refusal
                SingleReader = singleReader,
                AllowSynchronousContinuations = wakeReaderInline,
            })
            : Channel.CreateUnbounded<PendingWork<TWork, TResult>>(new UnboundedChannelOptions
            {
                SingleReader = singleReader,
                AllowSynchronousContinuations = wakeReaderInline,
            });
    }

    /// <summary>Pieces of work waiting for a worker.</summary>
    public int Depth => Volatile.Read(ref _queued);

    /// <summary>True once <see cref="Complete"/> was called and every queued piece was taken.</summary>
    public bool IsCompleted => _channel.Reader.Completion.IsCompleted;

    /// <summary>Queues <paramref name="work"/>; false (nothing queued) when the queue is full or completed.</summary>
    public bool TryEnqueue(TWork work, CancellationToken cancellationToken, [NotNullWhen(true)] out Task<TResult>? result)
    {
        var pending = new PendingWork<TWork, TResult>(work, cancellationToken);
        Interlocked.Increment(ref _queued);
        if (_channel.Writer.TryWrite(pending))
        {
            result = pending.Task;
            return true;
        }
        Interlocked.Decrement(ref _queued);
        pending.Release();
        result = null;
        return false;
    }

    /// <summary>Completes when something is queued (true) or the queue is completed and empty (false).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// Moves everything queued right now, up to the batch limit, into <paramref name="batch"/> (a first piece larger than
    /// the limit goes alone). A piece whose caller gave up while it was queued is dropped, never computed.
    /// </summary>
    /// <returns>How many pieces left the queue, dropped ones included.</returns>
    public int TakeBatch(List<PendingWork<TWork, TResult>> batch)
    {
        var reader = _channel.Reader;
        var (inputs, taken) = (0, 0);
        while (reader.TryPeek(out var next) && (batch.Count == 0 || inputs + _inputsOf(next.Work) <= _maxBatchInputs))
        {
            if (!reader.TryRead(out next))
            {
                break; // another worker took it
            }
            Interlocked.Decrement(ref _queued);
            taken++;
            if (next.Task.IsCompleted)
            {
                next.Release(); // its caller went away while it was queued
                continue;
            }
            batch.Add(next);
            inputs += _inputsOf(next.Work);
        }
        return taken;
    }

    /// <summary>Accepts no more work; the workers still take what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
