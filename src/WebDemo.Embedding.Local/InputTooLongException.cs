namespace WebDemo.Embedding.Local;

/// <summary>An input has more word-pieces than the model's window and the request did not ask to truncate it.</summary>
public sealed class InputTooLongException(int tokens, int limit)
    : Exception($"The input has {tokens} word-pieces ([CLS] and [SEP] included); {MiniLmModel.Name} reads at most {limit}. " +
        "Shorten it, or ask for truncation (\"truncate\": true).")
{
    public int Tokens { get; } = tokens;

    public int Limit { get; } = limit;
}
