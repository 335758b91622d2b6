using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebDemo.Api.Diagnostics.StackCapture;
using WebDemo.Api.Diagnostics.ThreadPoolSignals;
using WebDemo.Api.Embeddings;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Embedding.Diagnostics;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Diagnostics;

/// <summary>
/// What the app tells about itself under <c>/diagnostics</c>: the thread pool, the backend, the configuration a load run
/// depends on, and (guarded) the stacks that hold the pool's threads. The dashboard and the load tool read these.
/// </summary>
public static class DiagnosticsEndpoints
{
    // In the order of the OpenAPI document (a snapshot test compares it).
    public static RouteGroupBuilder MapDiagnostics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/diagnostics").WithTags("Diagnostics");

        group.MapGet("/backend", GetBackend)
            .WithName("GetBackendStatus")
            .WithSummary("Backend snapshot: kind, inference workers and queue, process CPU use")
            .WithDescription("Polled once a second by the dashboard and the load tool. cpuPercent is the process's CPU use since the " +
                "previous call, as a share of all cores: on the local model a saturated server shows ~100 % with few threads, " +
                "while the waiting backends show little CPU whatever the thread count.");

        group.MapGet("/configuration", GetConfiguration)
            .WithName("GetConfiguration")
            .WithSummary("The machine and the settings a load run depends on: backend, latency, in-flight limit")
            .WithDescription("What the load tool writes at the top of its report, so a reader knows what was measured: cores, " +
                "memory, OS and .NET of the server, the embedding backend (and the simulated latency), and Embeddings:MaxInFlightInputs, " +
                "beyond which requests are refused with 429. No secrets: the upstream's API key is never shown.");

        group.MapStackCapture();

        group.MapGet("/threadpool", GetThreadPool)
            .WithName("GetThreadPool")
            .WithSummary("Thread-pool snapshot: threads, queue, scheduling delay, starvation events, per-strategy latency")
            .WithDescription("What the live dashboard (/dashboard) and the load tool poll once a second. schedulingDelayMs is the " +
                "longest wait for a pool thread of the last second's probe work items: ≈0 when healthy, hundreds of ms to " +
                "seconds when starved; schedulingDelayMaxMs the same over the last 5 s. " +
                "rps, p50Ms and p99Ms cover the last 5 s; latencies count from when the server began the request.");
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

    private static Ok<BackendStatus> GetBackend(IOptions<BackendOptions> options, ProcessCpu cpu, IServiceProvider services)
    {
        var kind = options.Value.Kind;
        var workers = kind == BackendKind.Local ? services.GetRequiredService<InferenceWorkers>() : null;
        return TypedResults.Ok(new BackendStatus(
            kind.ToString(), workers is null ? null : MiniLmModel.Name,
            workers?.Workers ?? 0, workers?.BusyWorkers ?? 0, workers?.QueueDepth ?? 0, workers?.QueueCapacity ?? 0,
            workers?.Batches ?? 0, workers?.Inputs ?? 0,
            cpu.SinceLastCall(), Environment.ProcessorCount, Environment.WorkingSet));
    }

    private static Ok<ServerConfiguration> GetConfiguration(IOptions<EmbeddingsOptions> embeddings, IOptions<BackendOptions> backend)
    {
        var simulated = backend.Value.Kind == BackendKind.Simulated ? backend.Value.Simulated : null;
        return TypedResults.Ok(new ServerConfiguration(
            MachineDescription.Current(),
            backend.Value.Kind.ToString(),
            simulated?.BaseLatencyMs,
            simulated?.PerInputLatencyMs,
            simulated?.JitterMs,
            backend.Value.Kind == BackendKind.Http ? backend.Value.Http.BaseUrl?.ToString() : null,
            embeddings.Value.MaxInFlightInputs,
            embeddings.Value.MaxBatchInputs,
            embeddings.Value.Dimensions));
    }
}
