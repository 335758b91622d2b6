using System.Diagnostics;
using WebDemo.Embedding.Batching;
using WebDemo.Embedding.Threading;

namespace WebDemo.Embedding.Local;

/// <summary>
/// A fixed number of inference threads (default one per core) fed by a bounded <see cref="BatchingChannel{TWork, TResult}"/>,
/// the same dynamic batching as the batched strategy's worker on another executor: each thread takes everything queued
/// when it is free, up to a batch limit, runs it through the model in one call and completes every request. A full queue
/// refuses at once (<see cref="InferenceQueueFullException"/>).
/// </summary>
/// <remarks>
/// The workers are dedicated threads, not thread-pool threads: CPU-bound work gets as many threads as there are cores and
/// no more, and the pool stays free for the I/O of every other request (health probes included). Waiting for work
/// blocks such a thread, which is fine; the channel signals it inline, so no pool thread is needed to wake it.
/// </remarks>
public sealed class InferenceWorkers : IDisposable
{
    private readonly LocalEncoder _encoder;
    private readonly BatchingChannel<InferenceJob, InferenceResult> _queue;
    private readonly Task[] _threads;
    private int _busy;
    private long _batches;
    private long _inputs;

    public InferenceWorkers(LocalEncoder encoder, int workers, int maxBatchInputs, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _encoder = encoder;
        QueueCapacity = queueCapacity;
        // A write wakes a blocked worker directly, never through the pool.
        _queue = new(job => job.Texts.Count, maxBatchInputs, queueCapacity, singleReader: workers == 1, wakeReaderInline: true);
        _threads = [.. Enumerable.Range(1, workers).Select(i => DedicatedThread.Start($"inference-{i}", Work))];
        Stopped = Task.WhenAll(_threads);
    }

    public int Workers => _threads.Length;

    public int QueueCapacity { get; }

    /// <summary>Requests waiting for a worker.</summary>
    public int QueueDepth => _queue.Depth;

    /// <summary>Workers running the model right now.</summary>
    public int BusyWorkers => Volatile.Read(ref _busy);

    /// <summary>Model calls so far, and inputs they embedded (their ratio is the mean batch size).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public long Inputs => Interlocked.Read(ref _inputs);

    /// <summary>Completes when every worker has finished what was queued before <see cref="Complete"/>.</summary>
    public Task Stopped { get; }

    /// <summary>Queues <paramref name="texts"/> for a worker; the task completes with their vectors.</summary>
    /// <exception cref="InferenceQueueFullException">The queue is full: nothing was queued.</exception>
    /// <exception cref="InferenceStoppedException">The workers were stopped (shutdown): nothing was queued.</exception>
    public Task<InferenceResult> EncodeAsync(IReadOnlyList<string> texts, bool truncate, CancellationToken cancellationToken)
    {
        if (!_queue.TryEnqueue(new InferenceJob(texts, truncate), cancellationToken, out var result))
        {
            throw _queue.IsCompleted || Stopped.IsCompleted
                ? new InferenceStoppedException()
                : new InferenceQueueFullException(QueueCapacity);
        }
        return result;
    }

    /// <summary>Accepts no more work; the workers finish everything already queued, then exit (see <see cref="Stopped"/>).</summary>
    public void Complete() => _queue.Complete();

    /// <summary>Stops accepting work. The encoder is its owner's to dispose, once <see cref="Stopped"/> has completed.</summary>
    public void Dispose() => Complete();

    private void Work()
    {
        var batch = new List<PendingWork<InferenceJob, InferenceResult>>();
        while (WaitForWork())
        {
            _queue.TakeBatch(batch);
            if (batch.Count > 0)
            {
                Run(batch); // never throws: a failed batch fails its requests
                batch.Clear();
            }
        }
    }

    // Blocks this dedicated thread until something is queued (true) or the queue is completed and empty (false).
    private bool WaitForWork()
    {
        var wait = _queue.WaitToReadAsync(); // the executor: a dedicated thread that blocks until there is work
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Run(List<PendingWork<InferenceJob, InferenceResult>> batch)
    {
        Interlocked.Increment(ref _busy);
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var tokens = new List<IReadOnlyList<int>>();
            var included = new List<PendingWork<InferenceJob, InferenceResult>>(batch.Count);
            foreach (var request in batch)
            {
                try
                {
                    tokens.AddRange(request.Work.Texts.Select(text => _encoder.Tokenize(text, request.Work.Truncate)));
                    included.Add(request);
                }
                catch (InputTooLongException exception)
                {
                    request.Fail(exception); // only this request: the rest of the batch still runs
                }
            }
            if (included.Count > 0)
            {
                var vectors = _encoder.Encode(tokens);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _inputs, tokens.Count);
                CompleteEach(vectors, included, startedAt, tokens.Count);
            }
        }
        catch (Exception exception)
        {
            batch.ForEach(request => request.Fail(exception));
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    // Each request gets its own slice of the batch's vectors.
    private static void CompleteEach(float[] vectors, List<PendingWork<InferenceJob, InferenceResult>> requests, long startedAt, int batchInputs)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedAt);
        var offset = 0;
        foreach (var request in requests)
        {
            var own = new ReadOnlyMemory<float>[request.Work.Texts.Count];
            for (var i = 0; i < own.Length; i++, offset++)
            {
                own[i] = vectors.AsMemory(offset * MiniLmModel.Dimensions, MiniLmModel.Dimensions);
            }
            request.Complete(new InferenceResult(own, startedAt, elapsed, batchInputs));
        }
    }
}
