using Microsoft.Extensions.Options;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Problems;

/// <summary>
/// Writes problems on OpenAI-compatible routes as <c>{"error":{"message","type","param","code"}}</c>,
/// the shape OpenAI clients parse and show to their users.
/// </summary>
public sealed class OpenAiProblemDetailsWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<OpenAiErrorShape>() is not null
        || context.HttpContext.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        // The default writer applies CustomizeProblemDetails; a custom writer must too, or 404/405/415 lose their detail.
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var param = (problem as HttpValidationProblemDetails)?.Errors.Keys.FirstOrDefault();
        var message = problem.Detail ?? problem.Title ?? "The request failed.";
        var error = new OpenAiError(message, TypeOf(status), param, CodeOf(status));
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        return new ValueTask(response.WriteAsJsonAsync(new OpenAiErrorResponse(error), OpenAiJsonContext.Default.OpenAiErrorResponse));
    }

    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string? CodeOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "model_overloaded",
        StatusCodes.Status502BadGateway => "upstream_error",
        StatusCodes.Status504GatewayTimeout => "upstream_timeout",
        _ => null,
    };
}
