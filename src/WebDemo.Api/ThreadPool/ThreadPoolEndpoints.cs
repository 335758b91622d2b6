using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Statistics;

namespace WebDemo.Api.ThreadPoolDiagnostics;

/// <summary>What the thread-pool instruments expose as JSON, and the guarded lever that changes the pool.</summary>
public static class ThreadPoolEndpoints
{
    public static RouteGroupBuilder MapThreadPoolDiagnostics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/diagnostics").WithTags("Diagnostics");
        group.MapGet("/threadpool", GetThreadPool)
            .WithName("GetThreadPool")
            .WithSummary("Thread-pool snapshot: threads, queue, scheduling delay, starvation events, per-strategy latency")
            .WithDescription("What the live dashboard (/dashboard) and the load tool poll once a second. schedulingDelayMs is the " +
                "longest wait for a pool thread of the last second's probe work items: ≈0 when healthy, hundreds of ms to " +
                "seconds when starved; schedulingDelayMaxMs the same over the last 5 s. " +
                "rps, p50Ms and p99Ms cover the last 5 s; latencies count from when the server began the request.");

        if (app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled)
        {
            app.MapPost("/admin/threadpool/min-threads", SetMinThreads)
                .WithTags("Admin")
                .WithName("SetMinThreads")
                .WithSummary("Set the thread pool's minimum worker threads (guarded; needs X-Api-Key)")
                .WithDescription("The classic band-aid for starvation: with a high minimum the pool creates threads on demand instead of " +
                    "about one or two a second, so blocking strategies stop starving — at the cost of one thread (and its stack) per " +
                    "blocked request. It does not make blocking code scale; async does. Exists only when Admin:Enabled is true.")
                .ProducesProblem(StatusCodes.Status401Unauthorized);
        }
        return group;
    }

    private static Ok<ThreadPoolSnapshot> GetThreadPool(
        SchedulingDelayProbe probe, StarvationListener starvation, StrategyStatistics strategies, TimeProvider timeProvider) =>
        TypedResults.Ok(new ThreadPoolSnapshot(
            timeProvider.GetUtcNow(),
            ThreadPool.ThreadCount,
            ThreadPoolState.MinWorkerThreads,
            ThreadPoolState.MaxWorkerThreads,
            ThreadPool.PendingWorkItemCount,
            ThreadPool.CompletedWorkItemCount,
            Math.Round(probe.LastSecondMax.TotalMilliseconds, 3),
            Math.Round(probe.RecentMax.TotalMilliseconds, 3),
            starvation.Counts,
            strategies.Snapshot()));

    private static Results<Ok<MinThreadsResponse>, ProblemHttpResult, ValidationProblem> SetMinThreads(
        MinThreadsRequest request, [FromHeader(Name = AdminOptions.ApiKeyHeader)] string? apiKey, HttpContext context,
        IOptions<AdminOptions> options)
    {
        if (!HasValidKey(apiKey, options.Value.ApiKey))
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AdminOptions.ApiKeyHeader}\"";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: $"Send the configured admin key in the {AdminOptions.ApiKeyHeader} header.");
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

    // Constant-time comparison, so the time to answer does not reveal how much of a guessed key was right.
    private static bool HasValidKey(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) && expected is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
