using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Api.Problems;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings;

public static class EmbeddingEndpoints
{
    /// <summary>The strategies of <see cref="StrategyTable"/>, side by side: <c>POST /embeddings/{name}</c> each.</summary>
    public static RouteGroupBuilder MapEmbeddings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("")
            .WithTags("Strategies")
            .AddEndpointFilter<EmbeddingPipelineFilter>();
        foreach (var strategy in StrategyTable.All)
        {
            group.MapPost(strategy.Route, strategy.Handler)
                .AsStrategy(strategy, strategy.OperationId, strategy.Summary, strategy.Teaches);
        }
        return group;
    }

    /// <summary><c>POST /v1/embeddings</c>: the async strategy behind OpenAI's API and error shape.</summary>
    public static RouteHandlerBuilder MapOpenAiCompatible(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/embeddings", AsyncStrategy.Definition.Handler)
            .AddEndpointFilter<EmbeddingPipelineFilter>()
            .WithTags("OpenAI-compatible")
            .AsStrategy(AsyncStrategy.Definition, "CreateEmbedding",
                "OpenAI-compatible embeddings (async strategy)",
                "The OpenAI embeddings API: point any OpenAI client (base URL = this server + /v1) at it. " +
                "Errors come in OpenAI's shape {\"error\": {\"message\", \"type\", \"param\", \"code\"}}.",
                openAiErrors: true)
            .WithMetadata(OpenAiErrorShape.Instance);

    private static RouteHandlerBuilder AsStrategy(
        this RouteHandlerBuilder builder, EmbeddingStrategy strategy, string name, string summary, string description, bool openAiErrors = false)
    {
        builder
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description)
            .WithMetadata(strategy)
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
