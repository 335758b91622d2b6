using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Problems;

/// <summary>The local model refused work: 429 when its queue is full (fail fast, retry later), 503 while it shuts down, 400 for an input over its window.</summary>
public sealed class ModelExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            InferenceQueueFullException full => new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Model is overloaded",
                Detail = full.Message,
            },
            InferenceStoppedException stopped => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The model is shutting down",
                Detail = stopped.Message,
            },
            InputTooLongException tooLong => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid",
                Detail = tooLong.Message,
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        if (problem.Status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers[HeaderNames.RetryAfter] = "1";
        }
        return await problems.WriteAsync(httpContext, exception, problem);
    }
}
