using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace WebDemo.Api.Embeddings;

/// <summary>Marks an endpoint as one request-handling strategy; the name appears in headers, logs and metrics.</summary>
public sealed record EmbeddingStrategyMetadata(string Name);

/// <summary>
/// Runs around every strategy: admission control (429 when too many inputs are in flight) and
/// the start of the diagnostics. It never waits, so it adds nothing to the comparison.
/// </summary>
public sealed class EmbeddingPipelineFilter(InFlightLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var strategy = http.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategyMetadata>()?.Name ?? "unknown";
        var job = context.GetArgument<EmbeddingJob>(0);
        var diagnostics = new RequestDiagnostics { Strategy = strategy };
        http.Features.Set(diagnostics);
        http.Response.Headers[DiagnosticHeaders.Strategy] = strategy;
        http.Response.Headers[DiagnosticHeaders.StartThread] = diagnostics.StartThreadId.ToString(CultureInfo.InvariantCulture);

        if (!limiter.TryAcquire(job.Inputs.Count))
        {
            http.Response.Headers[HeaderNames.RetryAfter] = "1";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Model is overloaded",
                detail: $"{limiter.InFlight} inputs are in flight and the limit is {limiter.Limit}; retry after 1 second.");
        }
        try
        {
            return await next(context);
        }
        finally
        {
            limiter.Release(job.Inputs.Count);
        }
    }
}
