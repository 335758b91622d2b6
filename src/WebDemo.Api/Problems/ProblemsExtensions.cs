using Microsoft.AspNetCore.Http.Json;
using WebDemo.Api.Embeddings.Strategies;
using WebDemo.Embedding;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Problems;

public static class ProblemsExtensions
{
    /// <summary>ProblemDetails end to end: every error an API client can cause is a 4xx problem, never a bare 500.</summary>
    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        // Registered before AddProblemDetails so it is asked first: /v1 routes answer in OpenAI's error shape.
        services.AddSingleton<IProblemDetailsWriter, OpenAiProblemDetailsWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var request = context.HttpContext.Request;
            context.ProblemDetails.Instance ??= $"{request.Method} {request.Path}";
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => $"Nothing answers {request.Method} {request.Path}. The strategies are POST /embeddings/" +
                    $"{{{string.Join('|', StrategyNames.All)}}} and POST /v1/embeddings; see /swagger.",
                StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}; see /swagger for its methods.",
                StatusCodes.Status415UnsupportedMediaType => $"Send the body as JSON with 'Content-Type: application/json'; it was '{request.ContentType ?? "(none)"}'.",
                _ => null,
            };
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        // Order matters: the first handler that recognises the exception answers.
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UpstreamExceptionHandler>();
        services.AddExceptionHandler<ModelExceptionHandler>();
        services.Configure<JsonOptions>(options =>
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, OpenAiJsonContext.Default));
        // Binding failures of ordinary parameters throw, so they reach the handlers above instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // 404/405/415 from routing get a problem body too. The strategies write every error body themselves, so their
        // requests skip the middleware, and with it the feature and items it would keep alive through each wait.
        app.UseWhen(context => !IsEmbeddingStrategy(context), branch => branch.UseStatusCodePages());
        return app;
    }

    private static bool IsEmbeddingStrategy(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EmbeddingStrategy>() is not null;
}
