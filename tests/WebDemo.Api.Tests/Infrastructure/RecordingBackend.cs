using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Backends;

namespace WebDemo.Api.Tests.Infrastructure;

/// <summary>
/// The simulated backend, recording every call: which inputs were computed, and a signal when a call is under way.
/// Lets a test wait for "the worker is busy" instead of sleeping, and prove that a dropped request was never computed.
/// </summary>
public sealed class RecordingBackend(SimulatedBackend inner) : IEmbeddingBackend
{
    private readonly TaskCompletionSource _firstCallStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _holding;
    private int _completedCalls;

    /// <summary>Completes when the first backend call begins.</summary>
    public Task FirstCallStarted => _firstCallStarted.Task;

    /// <summary>Backend calls that ran to the end.</summary>
    public int CompletedCalls => Volatile.Read(ref _completedCalls);

    /// <summary>Every input the backend was asked to compute.</summary>
    public ConcurrentQueue<string> Inputs { get; } = new();

    /// <summary>From now on every call, once started, waits for <see cref="Release"/>: a test can then act while a call is surely in progress.</summary>
    public void HoldCalls() => _holding = true;

    public void Release() => _release.TrySetResult();

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<RecordingBackend>();
        services.AddSingleton<IEmbeddingBackend>(sp => sp.GetRequiredService<RecordingBackend>()); // the same lifetime as the real one
    }

    public EmbeddingResult Embed(EmbeddingJob job)
    {
        Record(job);
        if (_holding)
        {
            _release.Task.Wait(Timeouts.Condition); // blocks this thread, as the real blocking call does
        }
        var result = inner.Embed(job);
        Interlocked.Increment(ref _completedCalls);
        return result;
    }

    public async Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        Record(job);
        if (_holding)
        {
            await _release.Task.WaitAsync(Timeouts.Condition, cancellationToken);
        }
        var result = await inner.EmbedAsync(job, cancellationToken);
        Interlocked.Increment(ref _completedCalls);
        return result;
    }

    private void Record(EmbeddingJob job)
    {
        foreach (var input in job.Inputs)
        {
            Inputs.Enqueue(input);
        }
        _firstCallStarted.TrySetResult();
    }
}
