namespace WebDemo.Api.Diagnostics;

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
