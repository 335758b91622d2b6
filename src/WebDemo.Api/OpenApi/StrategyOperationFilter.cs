using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WebDemo.Api.Embeddings;

namespace WebDemo.Api.OpenApi;

/// <summary>Documents what every strategy endpoint shares: the <c>?latencyMs=</c> override and the diagnostic headers.</summary>
public sealed class StrategyOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, string> HeaderDescriptions = new()
    {
        [DiagnosticHeaders.Strategy] = "The strategy that handled the request.",
        [DiagnosticHeaders.StartThread] = "Managed thread id that started the request.",
        [DiagnosticHeaders.EndThread] = "Managed thread id that finished it (differs from the start thread when an await freed the thread).",
        [DiagnosticHeaders.PoolThreads] = "Thread-pool threads when the response was built: it grows under blocking load.",
        [DiagnosticHeaders.QueueTime] = "Milliseconds from the strategy receiving the request to the backend starting on it.",
        [DiagnosticHeaders.InferenceTime] = "Milliseconds the backend call took.",
        [DiagnosticHeaders.TotalTime] = "Milliseconds from the strategy receiving the request to the response being built.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EmbeddingStrategyMetadata>().FirstOrDefault() is null)
        {
            return;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = EmbeddingRequestReader.LatencyQueryParameter,
            In = ParameterLocation.Query,
            Required = false,
            Description = "Override the backend's base latency for this request, in ms (0–30000). Try 2000 and cancel to see cancellation.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "30000" },
        });
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Description = "The vectors, in OpenAI's response shape. Diagnostics are in the headers.";
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, description) in HeaderDescriptions)
            {
                response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }
    }
}
