using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Embedding.Local;

namespace WebDemo.Api.Embeddings.Local;

/// <summary>
/// The body of <c>GET /diagnostics/backend</c>: which backend runs, how busy the inference workers are (local model only),
/// and the process's CPU use since the previous call — next to the thread count, the number that tells waiting from computing.
/// </summary>
/// <param name="Backend">Simulated, Http or Local.</param>
/// <param name="Model">The model the local backend runs; null for the others.</param>
/// <param name="Workers">Inference threads (local model), 0 otherwise.</param>
/// <param name="BusyWorkers">Inference threads running the model right now.</param>
/// <param name="QueueDepth">Requests waiting for an inference thread.</param>
/// <param name="QueueCapacity">Requests that may wait before new ones get 429.</param>
/// <param name="Batches">Model calls of the inference workers so far.</param>
/// <param name="BatchedInputs">Inputs those calls embedded (÷ Batches = mean batch size).</param>
/// <param name="CpuPercent">Process CPU time over wall time since the previous call, as a percentage of all cores (100 = every core busy).</param>
/// <param name="ProcessorCount">Cores the process may use.</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
public sealed record BackendStatus(
    string Backend, string? Model, int Workers, int BusyWorkers, int QueueDepth, int QueueCapacity, long Batches, long BatchedInputs,
    double CpuPercent, int ProcessorCount, long WorkingSetBytes);

public static class BackendStatusEndpoint
{
    public static RouteHandlerBuilder MapBackendStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/diagnostics/backend", Get)
            .WithTags("Diagnostics")
            .WithName("GetBackendStatus")
            .WithSummary("Backend snapshot: kind, inference workers and queue, process CPU use")
            .WithDescription("Polled once a second by the dashboard and the load tool. cpuPercent is the process's CPU use since the " +
                "previous call, as a share of all cores: on the local model a saturated server shows ~100 % with few threads, " +
                "while the waiting backends show little CPU whatever the thread count.");

    private static Ok<BackendStatus> Get(IOptions<BackendOptions> options, ProcessCpu cpu, IServiceProvider services)
    {
        var kind = options.Value.Kind;
        var workers = kind == BackendKind.Local ? services.GetRequiredService<InferenceWorkers>() : null;
        return TypedResults.Ok(new BackendStatus(
            kind.ToString(), workers is null ? null : MiniLmModel.Name,
            workers?.Workers ?? 0, workers?.BusyWorkers ?? 0, workers?.QueueDepth ?? 0, workers?.QueueCapacity ?? 0,
            workers?.Batches ?? 0, workers?.Inputs ?? 0,
            cpu.SinceLastCall(), Environment.ProcessorCount, Environment.WorkingSet));
    }
}

/// <summary>The process's CPU use between two calls (any caller's), from <see cref="Environment.CpuUsage"/>.</summary>
public sealed class ProcessCpu
{
    // The kernel counts CPU time in scheduler ticks (~4-10 ms), so a shorter window would be mostly rounding error.
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromMilliseconds(500);
    private readonly Lock _lock = new();
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastAt = Stopwatch.GetTimestamp();
    private double _lastPercent;

    public double SinceLastCall()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var wall = Stopwatch.GetElapsedTime(_lastAt, now);
            if (wall < MinimumWindow)
            {
                return _lastPercent; // a second caller within the window (dashboard and load tool together) sees the same value
            }
            var cpu = Environment.CpuUsage.TotalTime;
            _lastPercent = Math.Round(Math.Min(100, 100 * (cpu - _lastCpu) / wall / Environment.ProcessorCount), 1);
            (_lastCpu, _lastAt) = (cpu, now);
            return _lastPercent;
        }
    }
}
