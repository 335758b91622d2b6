using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Problems;
using WebDemo.Embedding.OpenAi;
using WebDemo.Api.Embeddings.Strategies;

namespace WebDemo.Api.OpenApi;

/// <summary>Documents what every strategy endpoint shares: the <c>?latencyMs=</c> override and the diagnostic headers.</summary>
public sealed class StrategyOperationFilter : IOperationFilter
{
    private static readonly (string Name, JsonSchemaType Type, string Description)[] DocumentedHeaders =
    [
        (DiagnosticHeaders.Strategy, JsonSchemaType.String, "The strategy that handled the request."),
        (DiagnosticHeaders.StartThread, JsonSchemaType.Integer, "Managed thread id that started the request."),
        (DiagnosticHeaders.EndThread, JsonSchemaType.Integer, "Managed thread id that finished it (differs from the start thread when an await freed the thread)."),
        (DiagnosticHeaders.PoolThreads, JsonSchemaType.Integer, "Thread-pool threads when the response was built: it grows under blocking load."),
        (DiagnosticHeaders.QueueTime, JsonSchemaType.Number, "Milliseconds from the strategy receiving the request to the backend starting on it."),
        (DiagnosticHeaders.InferenceTime, JsonSchemaType.Number, "Milliseconds the backend call took."),
        (DiagnosticHeaders.TotalTime, JsonSchemaType.Number, "Milliseconds from the strategy receiving the request to the response being built."),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EmbeddingStrategy>().FirstOrDefault() is null)
        {
            return;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = EmbeddingRequestReader.LatencyQueryParameter,
            In = ParameterLocation.Query,
            Required = false,
            Description = "Override the backend's base latency (100 ms unless configured otherwise) for this request, in ms (0–30000). " +
                "Try 2000; to see cancellation, start such a request with curl and press Ctrl+C: the async strategies stop waiting " +
                "at once and the server logs it.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "30000" },
        });
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Description = "The vectors, in OpenAI's response shape. Diagnostics are in the headers.";
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, type, description) in DocumentedHeaders)
            {
                response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
            }
        }
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OpenAiErrorShape>().Any())
        {
            DocumentOpenAiErrors(operation, context);
        }
    }

    // The OpenAI-compatible route answers errors as {"error": {...}} (application/json), not as ProblemDetails.
    private static void DocumentOpenAiErrors(OpenApiOperation operation, OperationFilterContext context)
    {
        var schema = context.SchemaGenerator.GenerateSchema(typeof(OpenAiErrorResponse), context.SchemaRepository);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') && response is OpenApiResponse error)
            {
                error.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } };
            }
        }
    }
}
