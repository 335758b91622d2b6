namespace WebDemo.Embedding.Local;

/// <summary>Every inference worker is busy and the queue in front of them is full: the caller should retry later (429).</summary>
public sealed class InferenceQueueFullException(int capacity)
    : Exception($"{capacity} requests are already waiting for the model; retry after 1 second.")
{
    public int Capacity { get; } = capacity;
}
