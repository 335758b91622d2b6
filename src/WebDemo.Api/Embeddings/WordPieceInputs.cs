using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings;

/// <summary>The local model's BERT word-pieces ([CLS] and [SEP] included), within its window unless the request asks to truncate.</summary>
public sealed class WordPieceInputs(LocalEncoder encoder) : IModelInputs
{
    public string? Model => MiniLmModel.Name;

    public int? Dimensions => MiniLmModel.Dimensions;

    public (int Tokens, string? Error) Count(string text, bool truncate)
    {
        var tokens = encoder.CountTokens(text);
        var limit = encoder.MaxInputTokens;
        if (tokens <= limit)
        {
            return (tokens, null);
        }
        return truncate
            ? (limit, null) // usage counts what the model reads
            : (tokens, $"has {tokens} word-pieces ([CLS] and [SEP] included); {MiniLmModel.Name} reads at most {limit}. " +
                "Shorten it, or send \"truncate\": true to embed only the first ones.");
    }
}
