namespace WebDemo.Embedding.Local;

/// <summary>An input has more word-pieces than the model's window and the request did not ask to truncate it.</summary>
public sealed class InputTooLongException(int tokens, int limit)
    : Exception($"The input has {tokens} word-pieces ([CLS] and [SEP] included); {MiniLmModel.Name} reads at most {limit}. " +
        "Shorten it, or ask for truncation (\"truncate\": true).")
{
    public int Tokens { get; } = tokens;

    public int Limit { get; } = limit;
}

/// <summary>The workers have stopped taking work (the process is shutting down): retry against another instance (503).</summary>
public sealed class InferenceStoppedException()
    : Exception("The model is shutting down and takes no new work; retry in a moment.");

/// <summary>Every inference worker is busy and the queue in front of them is full: the caller should retry later (429).</summary>
public sealed class InferenceQueueFullException(int capacity)
    : Exception($"{capacity} requests are already waiting for the model; retry after 1 second.")
{
    public int Capacity { get; } = capacity;
}
