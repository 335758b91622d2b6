using WebDemo.Embedding;

namespace WebDemo.Api.Embeddings;

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
