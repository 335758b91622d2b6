using System.Reflection;
using Microsoft.OpenApi;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddOpenApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "WebDemo — blocking vs non-blocking request handling",
                Version = "v1",
                Description =
                    "One embedding service (text in, unit vectors out) behind five request-handling strategies. " +
                    "Every strategy calls the same backend with the same latency; only the way the request thread waits differs. " +
                    "Try one, then read the response headers: x-thread-start / x-thread-end (which threads ran the request), " +
                    "x-threadpool-threads, x-queue-time, x-inference-time and x-total-time (ms). " +
                    "Add ?latencyMs=2000 to make the backend slower for one request.",
            });
            foreach (var assembly in new[] { typeof(OpenApiExtensions).Assembly, typeof(EmbeddingRequest).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml))
                {
                    options.IncludeXmlComments(xml);
                }
            }
            options.MapType<EmbeddingVector>(() => new OpenApiSchema
            {
                Description = "The vector: an array of numbers, or a base64 string of little-endian float32 values when encoding_format is \"base64\".",
                OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "float" } },
                    new OpenApiSchema { Type = JsonSchemaType.String, Format = "byte" },
                ],
            });
            options.SchemaFilter<EmbeddingRequestSchemaFilter>();
            options.OperationFilter<StrategyOperationFilter>();
            options.SupportNonNullableReferenceTypes();
        });
        return services;
    }

    public static WebApplication UseOpenApiDocumentation(this WebApplication app)
    {
        // The document is an endpoint and the UI's middleware sits on a branch for /swagger only: the other requests
        // (the embeddings under load among them) pass neither, so they pay nothing for the documentation.
        app.MapSwagger();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger => swagger.UseSwaggerUI(options =>
        {
            options.DocumentTitle = "WebDemo API";
            options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "WebDemo v1");
            options.DisplayRequestDuration();
            options.ShowCommonExtensions();
        }));
        return app;
    }

    internal static string? DescriptionOf(MemberInfo member) =>
        member.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
}
