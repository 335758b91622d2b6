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
