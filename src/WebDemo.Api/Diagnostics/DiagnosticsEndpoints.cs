using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WebDemo.Api.Diagnostics.Prometheus;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Embeddings.Strategies;

namespace WebDemo.Api.Diagnostics;

public static class DiagnosticsEndpoints
{
    // Listed from the start, so the dashboard and the load tool see every strategy before its first request.
    private static readonly string[] KnownStrategies =
        [BlockingStrategy.Name, OffloadedStrategy.Name, SyncOverAsyncStrategy.Name, AsyncStrategy.Name, BatchedStrategy.Name];

    public static RouteGroupBuilder MapDiagnostics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", ScrapeAsync)
            .WithTags("Diagnostics")
            .WithName("Metrics")
            .WithSummary("Prometheus metrics (text exposition 0.0.4)")
            .WithDescription("Every OpenTelemetry instrument of the runtime (System.Runtime), ASP.NET Core, Kestrel and the app, " +
                "named the OpenTelemetry → Prometheus way (dots → underscores, unit suffixes, _total). Watch " +
                "webdemo_thread_pool_scheduling_delay_last_seconds and webdemo_thread_pool_thread_count while the blocking strategy is under load.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");

        var group = app.MapGroup("/diagnostics").WithTags("Diagnostics");
        group.MapGet("/threadpool", GetThreadPool)
            .WithName("GetThreadPool")
            .WithSummary("Thread-pool snapshot: threads, queue, scheduling delay, starvation events, per-strategy latency")
            .WithDescription("What the live dashboard (/dashboard) and the load tool poll once a second. schedulingDelayMs is the " +
                "longest wait for a pool thread of the last second's probe work items: ≈0 when healthy, hundreds of ms to " +
                "seconds when starved; schedulingDelayMaxMs the same over the last 5 s. " +
                "rps, p50Ms and p99Ms cover the last 5 s; latencies count from when the server began the request.");
        group.MapGet("/configuration", GetConfiguration)
            .WithName("GetConfiguration")
            .WithSummary("The machine and the settings a load run depends on: backend, latency, in-flight limit")
            .WithDescription("What the load tool writes at the top of its report, so a reader knows what was measured: cores, " +
                "memory, OS and .NET of the server, the embedding backend (and the simulated latency), and Embeddings:MaxInFlightInputs, " +
                "beyond which requests are refused with 429. No secrets: the upstream's API key is never shown.");

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

    private static async Task<ContentHttpResult> ScrapeAsync(PrometheusMetricReader reader, CancellationToken cancellationToken) =>
        TypedResults.Text(await reader.ScrapeAsync(cancellationToken), PrometheusTextSerializer.ContentType);

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
            strategies.Snapshot(KnownStrategies)));

    private static Ok<ServerConfiguration> GetConfiguration(IOptions<EmbeddingsOptions> embeddings, IOptions<BackendOptions> backend) =>
        TypedResults.Ok(ServerConfiguration.From(embeddings.Value, backend.Value));

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
