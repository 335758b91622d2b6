using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Backends;

namespace WebDemo.Api.Embeddings;

public static class ServerConfigurationEndpoint
{
    public static RouteHandlerBuilder MapServerConfiguration(this IEndpointRouteBuilder app) =>
        app.MapGet("/diagnostics/configuration", Get)
            .WithTags("Diagnostics")
            .WithName("GetConfiguration")
            .WithSummary("The machine and the settings a load run depends on: backend, latency, in-flight limit")
            .WithDescription("What the load tool writes at the top of its report, so a reader knows what was measured: cores, " +
                "memory, OS and .NET of the server, the embedding backend (and the simulated latency), and Embeddings:MaxInFlightInputs, " +
                "beyond which requests are refused with 429. No secrets: the upstream's API key is never shown.");

    private static Ok<ServerConfiguration> Get(IOptions<EmbeddingsOptions> embeddings, IOptions<BackendOptions> backend) =>
        TypedResults.Ok(ServerConfiguration.From(embeddings.Value, backend.Value));
}

/// <summary>
/// The body of <c>GET /diagnostics/configuration</c>: the machine and the settings that decide what a load run
/// measures, so a load report can say what it ran against. A contract: fields are only ever added.
/// </summary>
/// <param name="Machine">Where the server runs.</param>
/// <param name="Backend">The embedding backend's kind (Simulated, Http, ...), as configured in Backend:Kind.</param>
/// <param name="LatencyMs">Simulated backend: the wait per call before the per-input cost, ms (null for other backends).</param>
/// <param name="PerInputLatencyMs">Simulated backend: the extra wait per input text, ms.</param>
/// <param name="JitterMs">Simulated backend: random extra wait up to this many ms.</param>
/// <param name="UpstreamUrl">Http backend: the OpenAI-compatible server called (null for other backends).</param>
/// <param name="MaxInFlightInputs">Input texts admitted at once across all strategies; beyond it a request gets 429.</param>
/// <param name="MaxBatchInputs">Most inputs the batched strategy sends in one backend call.</param>
/// <param name="Dimensions">Vector length.</param>
public sealed record ServerConfiguration(
    MachineDescription Machine,
    string Backend,
    int? LatencyMs,
    double? PerInputLatencyMs,
    int? JitterMs,
    string? UpstreamUrl,
    int MaxInFlightInputs,
    int MaxBatchInputs,
    int Dimensions)
{
    public static ServerConfiguration From(EmbeddingsOptions embeddings, BackendOptions backend)
    {
        var simulated = backend.Kind == BackendKind.Simulated ? backend.Simulated : null;
        return new ServerConfiguration(
            MachineDescription.Current(),
            backend.Kind.ToString(),
            simulated?.BaseLatencyMs,
            simulated?.PerInputLatencyMs,
            simulated?.JitterMs,
            backend.Kind == BackendKind.Http ? backend.Http.BaseUrl?.ToString() : null,
            embeddings.MaxInFlightInputs,
            embeddings.MaxBatchInputs,
            embeddings.Dimensions);
    }
}

/// <param name="ProcessorCount">Logical processors this process may use.</param>
/// <param name="MemoryBytes">Memory available to this process (the machine's, or the container's limit).</param>
/// <param name="Os">The operating system, e.g. "Debian GNU/Linux 13 (trixie)".</param>
/// <param name="Runtime">The .NET runtime, e.g. ".NET 10.0.0".</param>
/// <param name="ServerGc">True when the server garbage collector runs.</param>
public sealed record MachineDescription(int ProcessorCount, long MemoryBytes, string Os, string Runtime, bool ServerGc)
{
    public static MachineDescription Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC);
}
