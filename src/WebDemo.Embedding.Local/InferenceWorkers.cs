using System.Diagnostics;
using System.Threading.Channels;

namespace WebDemo.Embedding.Local;

/// <summary>What a worker hands back: one vector per input, when the model call began and how long it took.</summary>
public sealed record InferenceResult(IReadOnlyList<ReadOnlyMemory<float>> Vectors, long StartedAt, TimeSpan Elapsed, int BatchInputs);

/// <summary>
/// A fixed number of inference threads (default one per core) fed by a bounded <see cref="Channel{T}"/>. Each worker
/// takes everything queued when it is free, up to a batch limit (dynamic batching), runs it through the model in one
/// call and completes every request. A full queue refuses at once (<see cref="InferenceQueueFullException"/>).
/// </summary>
/// <remarks>
/// The workers are dedicated threads, not thread-pool threads: CPU-bound work gets as many threads as there are cores and
/// no more, and the pool stays free for the I/O of every other request (health probes included). Waiting for work
/// blocks such a thread, which is fine; the channel signals it inline, so no pool thread is needed to wake it.
/// </remarks>
public sealed class InferenceWorkers : IDisposable
{
    private readonly LocalEncoder _encoder;
    private readonly Channel<InferenceRequest> _queue;
    private readonly Thread[] _threads;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxBatchInputs;
    private int _running;
    private int _queued;
    private int _busy;
    private long _batches;
    private long _inputs;

    public InferenceWorkers(LocalEncoder encoder, int workers, int maxBatchInputs, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchInputs, 1);
        _encoder = encoder;
        _maxBatchInputs = maxBatchInputs;
        QueueCapacity = queueCapacity;
        _queue = Channel.CreateBounded<InferenceRequest>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, which is the fail-fast refusal
            SingleReader = workers == 1,
            AllowSynchronousContinuations = true, // a write wakes a blocked worker directly, never through the pool
        });
        _running = workers;
        _threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"inference-{i + 1}" };
            _threads[i].Start();
        }
    }

    public int Workers => _threads.Length;

    public int QueueCapacity { get; }

    /// <summary>Requests waiting for a worker.</summary>
    public int QueueDepth => Volatile.Read(ref _queued);

    /// <summary>Workers running the model right now.</summary>
    public int BusyWorkers => Volatile.Read(ref _busy);

    /// <summary>Model calls so far, and inputs they embedded (their ratio is the mean batch size).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public long Inputs => Interlocked.Read(ref _inputs);

    /// <summary>Completes when every worker has finished what was queued before <see cref="Complete"/>.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Queues <paramref name="texts"/> for a worker; the task completes with their vectors.</summary>
    /// <exception cref="InferenceQueueFullException">The queue is full: nothing was queued.</exception>
    /// <exception cref="InferenceStoppedException">The workers were stopped (shutdown): nothing was queued.</exception>
    public Task<InferenceResult> EncodeAsync(IReadOnlyList<string> texts, bool truncate, CancellationToken cancellationToken)
    {
        var request = new InferenceRequest(texts, truncate, cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            request.Dispose();
            throw _queue.Reader.Completion.IsCompleted || Volatile.Read(ref _running) == 0
                ? new InferenceStoppedException()
                : new InferenceQueueFullException(QueueCapacity);
        }
        return request.Task;
    }

    /// <summary>Accepts no more work; the workers finish everything already queued, then exit (see <see cref="Stopped"/>).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Stops accepting work. The encoder is its owner's to dispose, once <see cref="Stopped"/> has completed.</summary>
    public void Dispose() => Complete();

    private void Work()
    {
        var batch = new List<InferenceRequest>();
        try
        {
            while (WaitForWork())
            {
                TakeBatch(batch);
                if (batch.Count > 0)
                {
                    Run(batch);
                    batch.Clear();
                }
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _stopped.TrySetResult();
            }
        }
    }

    // Blocks this dedicated thread until something is queued (true) or the queue is completed and empty (false).
    private bool WaitForWork()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    // Everything queued right now up to the batch limit; a first request larger than the limit goes alone.
    private void TakeBatch(List<InferenceRequest> batch)
    {
        var inputs = 0;
        while (_queue.Reader.TryPeek(out var next) && (batch.Count == 0 || inputs + next.Texts.Count <= _maxBatchInputs))
        {
            if (!_queue.Reader.TryRead(out next))
            {
                break; // another worker took it
            }
            Interlocked.Decrement(ref _queued);
            if (next.Task.IsCompleted)
            {
                next.Dispose(); // cancelled while queued: never computed
                continue;
            }
            batch.Add(next);
            inputs += next.Texts.Count;
        }
    }

    private void Run(List<InferenceRequest> batch)
    {
        Interlocked.Increment(ref _busy);
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var tokens = new List<IReadOnlyList<int>>();
            var included = new List<InferenceRequest>(batch.Count);
            foreach (var request in batch)
            {
                try
                {
                    tokens.AddRange(request.Texts.Select(text => _encoder.Tokenize(text, request.Truncate)));
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
                Hand(vectors, included, startedAt, tokens.Count);
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

    private static void Hand(float[] vectors, List<InferenceRequest> requests, long startedAt, int batchInputs)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedAt);
        var offset = 0;
        foreach (var request in requests)
        {
            var own = new ReadOnlyMemory<float>[request.Texts.Count];
            for (var i = 0; i < own.Length; i++, offset++)
            {
                own[i] = vectors.AsMemory(offset * MiniLmModel.Dimensions, MiniLmModel.Dimensions);
            }
            request.Complete(new InferenceResult(own, startedAt, elapsed, batchInputs));
        }
    }

    /// <summary>A queued request and the promise its caller awaits; the caller's cancellation completes it at once.</summary>
    private sealed class InferenceRequest : IDisposable
    {
        // Continuations run asynchronously: a worker never runs a caller's code on its own thread.
        private readonly TaskCompletionSource<InferenceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancellation;

        public InferenceRequest(IReadOnlyList<string> texts, bool truncate, CancellationToken cancellationToken)
        {
            Texts = texts;
            Truncate = truncate;
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((TaskCompletionSource<InferenceResult>)state!).TrySetCanceled(token), _completion);
        }

        public IReadOnlyList<string> Texts { get; }

        public bool Truncate { get; }

        public Task<InferenceResult> Task => _completion.Task;

        public void Complete(InferenceResult result)
        {
            _completion.TrySetResult(result);
            Dispose();
        }

        public void Fail(Exception exception)
        {
            _completion.TrySetException(exception);
            Dispose();
        }

        public void Dispose() => _cancellation.Dispose();
    }
}
