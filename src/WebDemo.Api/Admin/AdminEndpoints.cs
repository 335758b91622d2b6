using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WebDemo.Api.Diagnostics.ThreadPoolSignals;

namespace WebDemo.Api.Admin;

/// <summary>The guarded lever that changes the thread pool; it exists only when <c>Admin:Enabled</c> is true.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<AdminKey>().RoutesEnabled)
        {
            return app;
        }
        app.MapPost("/admin/threadpool/min-threads", SetMinThreads)
            .WithTags("Admin")
            .WithName("SetMinThreads")
            .WithSummary("Set the thread pool's minimum worker threads (guarded; needs X-Api-Key)")
            .WithDescription("The classic band-aid for starvation: with a high minimum the pool creates threads on demand instead of " +
                "about one or two a second, so blocking strategies stop starving — at the cost of one thread (and its stack) per " +
                "blocked request. It does not make blocking code scale; async does. Exists only when Admin:Enabled is true.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static Results<Ok<MinThreadsResponse>, ProblemHttpResult, ValidationProblem> SetMinThreads(
        MinThreadsRequest request, [FromHeader(Name = AdminKey.Header)] string? apiKey, HttpContext context, AdminKey admin)
    {
        if (!admin.Matches(apiKey))
        {
            return AdminKey.Required(context.Response, $"Send the configured admin key in the {AdminKey.Header} header.");
        }
        var maximum = ThreadPoolState.MaxWorkerThreads;
        ThreadPool.GetMinThreads(out var previous, out var completionPorts);
        if (request.WorkerThreads < 1 || request.WorkerThreads > maximum || !ThreadPool.SetMinThreads(request.WorkerThreads, completionPorts))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["workerThreads"] = [$"Must be between 1 and the pool's maximum, {maximum}; it was {request.WorkerThreads}."],
            });
        }
        return TypedResults.Ok(new MinThreadsResponse(previous, ThreadPoolState.MinWorkerThreads));
    }
}
