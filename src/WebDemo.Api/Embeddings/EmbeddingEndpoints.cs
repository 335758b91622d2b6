using WebDemo.Api.Embeddings.Local;
using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Api.Problems;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings;

public static class EmbeddingEndpoints
{
    public static RouteGroupBuilder MapEmbeddings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/embeddings")
            .WithTags("Strategies")
            .AddEndpointFilter<EmbeddingPipelineFilter>();
        group.MapStrategies();
        app.MapOpenAiCompatible();

        app.MapBackendStatus();
        app.MapServerConfiguration();
        return group;
    }

    /// <summary>The five strategies, side by side: each description says what its route teaches.</summary>
    private static void MapStrategies(this RouteGroupBuilder group)
    {
        group.MapPost("/blocking", BlockingStrategy.Handle)
            .AsStrategy(BlockingStrategy.Name, "EmbedBlocking",
                "Synchronous handler, blocking backend call on the request thread",
                "Each in-flight request pins a thread-pool thread for the whole backend call. Under concurrent load the pool " +
                "runs out of threads and grows only slowly, so every endpoint — even /health/live — queues behind it. " +
                "Watch x-thread-start and x-thread-end: always the same thread. " +
                "Local model (CPU work): the inference runs on the request thread; concurrent requests become threads fighting for the cores.");

        group.MapPost("/offloaded", OffloadedStrategy.Handle)
            .AsStrategy(OffloadedStrategy.Name, "EmbedOffloaded",
                "await Task.Run(() => blocking call) — run_in_executor in .NET",
                "Offloading moves the blocking call to another thread of the same pool: the request thread is freed, " +
                "but a different pool thread is blocked instead. On a server that gains nothing and adds a scheduling hop. " +
                "Local model (CPU work): the inference moves to another pool thread; the cores are just as busy and nothing is bounded.");

        group.MapPost("/sync-over-async", SyncOverAsyncStrategy.Handle)
            .AsStrategy(SyncOverAsyncStrategy.Name, "EmbedSyncOverAsync",
                "Blocking on an async call: EmbedAsync(...).GetAwaiter().GetResult()",
                "The most common real cause of thread-pool starvation: the thread blocks on a task that itself needs a pool " +
                "thread to complete. The runtime detects these waits (cooperative blocking) and injects threads faster, " +
                "but throughput still collapses under load. " +
                "Local model (CPU work): EmbedAsync has nothing to await and computes inline, so this is exactly the blocking strategy.");

        group.MapPost("/async", AsyncStrategy.Handle)
            .AsStrategy(AsyncStrategy.Name, "EmbedAsync",
                "Truly asynchronous: await EmbedAsync(..., cancellationToken)",
                "No thread is held while the backend works, so a few threads serve thousands of concurrent requests: " +
                "throughput ≈ concurrency ÷ latency. x-thread-end often differs from x-thread-start. " +
                "If the client disconnects, the wait stops at once. " +
                "Local model (CPU work): async that is blocking in disguise — nothing to await, the model runs on the request thread.");

        group.MapPost("/batched", BatchedStrategy.Handle)
            .AsStrategy(BatchedStrategy.Name, "EmbedBatched",
                "Dynamic batching through a Channel<T> and one worker",
                "Requests are queued; one worker takes everything queued whenever the backend is free (up to a maximum batch " +
                "size) and makes one backend call for all of it. Fewer backend calls than requests; x-queue-time shows the " +
                "time spent waiting for a batch. A request cancelled while queued is never computed. " +
                "Local model (CPU work): the fix — a bounded queue in front of one inference thread per core, dynamic batches of up to " +
                "Backend:Local:MaxBatchInputs inputs, 429 at once when the queue is full; the thread pool stays free, so /health stays fast.");
    }

    private static void MapOpenAiCompatible(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", AsyncStrategy.Handle)
            .AddEndpointFilter<EmbeddingPipelineFilter>()
            .WithTags("OpenAI-compatible")
            .AsStrategy(AsyncStrategy.Name, "CreateEmbedding",
                "OpenAI-compatible embeddings (async strategy)",
                "The OpenAI embeddings API: point any OpenAI client (base URL = this server + /v1) at it. " +
                "Errors come in OpenAI's shape {\"error\": {\"message\", \"type\", \"param\", \"code\"}}.",
                openAiErrors: true)
            .WithMetadata(OpenAiErrorShape.Instance);
    }

    private static RouteHandlerBuilder AsStrategy(
        this RouteHandlerBuilder builder, string strategy, string name, string summary, string description, bool openAiErrors = false)
    {
        builder
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description)
            .WithMetadata(new EmbeddingStrategyMetadata(strategy))
            .Accepts<EmbeddingRequest>("application/json");
        if (openAiErrors)
        {
            // Document what the route really answers: OpenAI's error envelope, not ProblemDetails.
            foreach (var status in ErrorStatuses)
            {
                builder.Produces<OpenAiErrorResponse>(status, "application/json");
            }
            return builder;
        }
        return builder
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
    }

    private static readonly int[] ErrorStatuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests, StatusCodes.Status502BadGateway, StatusCodes.Status504GatewayTimeout,
    ];
}
