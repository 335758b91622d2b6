using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Embeddings.Backends;

public sealed class HttpBackendOptions
{
    /// <summary>Root of the OpenAI-compatible server; requests go to <c>{BaseUrl}/v1/embeddings</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Optional bearer key (OpenAI, or any server that wants one).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model to ask the upstream for; when empty the client's model name is passed through.</summary>
    public string? Model { get; set; }

    /// <summary>Upstream timeout; when it fires the API answers 504.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 60;
}
