using WebDemo.Embedding;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings;

/// <summary>How the configured backend's model counts and limits an input, and which model name its answers carry.</summary>
public interface IModelInputs
{
    /// <summary>The model every answer names, whatever the request asked for; null to echo the request's (or the configured) name.</summary>
    string? Model { get; }

    /// <summary>The model's own vector size; null for the configured <see cref="EmbeddingsOptions.Dimensions"/>.</summary>
    int? Dimensions { get; }

    /// <summary>Tokens <paramref name="text"/> costs, or why it is refused.</summary>
    (int Tokens, string? Error) Count(string text, bool truncate);
}

/// <summary>The hashing embedder's tokens, words and symbols (Simulated and Http backends), up to <see cref="EmbeddingsOptions.MaxTokensPerInput"/>.</summary>
public sealed class WordTokenInputs(int maxTokensPerInput) : IModelInputs
{
    public string? Model => null;

    public int? Dimensions => null;

    public (int Tokens, string? Error) Count(string text, bool truncate)
    {
        var tokens = HashingEmbedder.CountTokens(text);
        return (tokens, tokens > maxTokensPerInput ? $"has {tokens} tokens (words and symbols); at most {maxTokensPerInput} are allowed." : null);
    }
}

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
