using System.ComponentModel.DataAnnotations;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings.Backends;

public enum BackendKind
{
    /// <summary>In-process: waits like a remote model call, then computes locally.</summary>
    Simulated,

    /// <summary>A real OpenAI-compatible server over HTTP.</summary>
    Http,

    /// <summary>A real model (all-MiniLM-L6-v2) computed on this machine's CPU: nothing to wait for, only work to do.</summary>
    Local,
}

/// <summary>Which backend serves embeddings and how (section <c>Backend</c>).</summary>
public sealed class BackendOptions : IValidatableObject
{
    public const string SectionName = "Backend";

    public BackendKind Kind { get; set; } = BackendKind.Simulated;

    public SimulatedBackendOptions Simulated { get; set; } = new();

    public HttpBackendOptions Http { get; set; } = new();

    /// <summary>Workers, batch size, queue and window of the local model (used when <see cref="Kind"/> is Local).</summary>
    public LocalModelOptions Local { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Simulated, new ValidationContext(Simulated), results, validateAllProperties: true);
        Validator.TryValidateObject(Local, new ValidationContext(Local), results, validateAllProperties: true);
        if (Kind == BackendKind.Http)
        {
            Validator.TryValidateObject(Http, new ValidationContext(Http), results, validateAllProperties: true);
            if (Http.BaseUrl is null || !Http.BaseUrl.IsAbsoluteUri)
            {
                results.Add(new ValidationResult("Backend:Http:BaseUrl must be an absolute URL when Backend:Kind is Http.", [nameof(Http)]));
            }
        }
        return results;
    }
}

public sealed class SimulatedBackendOptions
{
    /// <summary>Fixed wait of every call, like a model server's round trip.</summary>
    [Range(0, 3_600_000)]
    public int BaseLatencyMs { get; set; } = 100;

    /// <summary>Extra wait per input, so a batch costs more than one input but less than many calls.</summary>
    [Range(0, 60_000)]
    public double PerInputLatencyMs { get; set; } = 1;

    /// <summary>Uniform jitter of ± this many ms around the wait.</summary>
    [Range(0, 60_000)]
    public int JitterMs { get; set; }
}

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
