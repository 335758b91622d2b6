using Microsoft.AspNetCore.Mvc;

namespace WebDemo.Api.Problems;

internal static class ProblemWriting
{
    public static ValueTask<bool> WriteAsync(this IProblemDetailsService service, HttpContext context, Exception exception, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
