using System.ComponentModel.DataAnnotations;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings.Backends;

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
