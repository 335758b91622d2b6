using Microsoft.Extensions.Options;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>The kept captures, newest first: at most <c>StackCapture:Keep</c> of them, the oldest dropped first.</summary>
public sealed class StackCaptureStore(IOptions<StackCaptureOptions> options)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<StackCaptureResult> _kept = new(); // newest first
    private long _lastId;

    /// <summary>The id of the next capture: one more than the last.</summary>
    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Keep(StackCaptureResult result)
    {
        lock (_lock)
        {
            _kept.AddFirst(result);
            while (_kept.Count > options.Value.Keep)
            {
                _kept.RemoveLast();
            }
        }
    }

    /// <summary>The kept captures, newest first.</summary>
    public IReadOnlyList<StackCaptureResult> Kept()
    {
        lock (_lock)
        {
            return [.. _kept];
        }
    }
}
