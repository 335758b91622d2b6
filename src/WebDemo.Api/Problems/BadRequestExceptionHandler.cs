using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WebDemo.Api.Embeddings;

namespace WebDemo.Api.Problems;

/// <summary>Invalid input: 400 with the offending fields, or the status Kestrel/binding chose (413, 415, 400).</summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            InvalidRequestException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid",
                Detail = invalid.Message,
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large",
                    // The same title routing gives when the content type does not match the endpoint's Accepts metadata.
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
                    _ => "The request is invalid",
                },
                Detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message,
            },
            _ => null,
        };
        return problem is not null && await problems.WriteAsync(httpContext, exception, problem);
    }
}
