using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WebDemo.Api.Embeddings.Backends;
using WebDemo.Api.Diagnostics;
using WebDemo.Api.Embeddings.Batching;
using WebDemo.Api.Embeddings.Statistics;
using WebDemo.Api.Telemetry;
using WebDemo.Embedding;
using WebDemo.Embedding.Local;

// RemoveAllResilienceHandlers (below) is marked experimental; it is the documented way to take the service defaults'
// resilience off one client.
#pragma warning disable EXTEXP0001

namespace WebDemo.Api.Embeddings;

public static class EmbeddingsServiceCollectionExtensions
{
    public static IServiceCollection AddEmbeddings(this IServiceCollection services)
    {
        services.AddOptions<EmbeddingsOptions>().BindConfiguration(EmbeddingsOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BackendOptions>().BindConfiguration(BackendOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        // Kestrel enforces the body limit even for chunked bodies that declare no length.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<EmbeddingsOptions>>(
            (kestrel, embeddings) => kestrel.Limits.MaxRequestBodySize = embeddings.Value.MaxRequestBodyBytes);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new HashingEmbedder(sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value.Dimensions));
        services.AddSingleton(sp => new InFlightLimiter(sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value.MaxInFlightInputs));
        services.AddSingleton<ClientDisconnects>();
        services.AddSingleton<EmbeddingMetrics>();
        services.AddSingleton<StrategyStatistics>();

        // Both backends are registered; the validated options pick one when it is first needed.
        services.AddSingleton<SimulatedBackend>();
        services.AddHttpClient<HttpBackend>((sp, client) =>
            {
                var http = sp.GetRequiredService<IOptions<BackendOptions>>().Value.Http;
                if (http.BaseUrl is not null)
                {
                    client.BaseAddress = EnsureTrailingSlash(http.BaseUrl);
                }
                client.Timeout = TimeSpan.FromSeconds(http.TimeoutSeconds);
            })
            // Long-lived clients (the batcher keeps one) stay correct through DNS changes by recycling connections.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // No retries, hedging or circuit breaker from the service defaults: the demo shows the upstream's waits and
            // failures as they are (Backend:Http:TimeoutSeconds, 502/504). Service discovery stays.
            .RemoveAllResilienceHandlers();
        services.AddLocalModel();
        // One instance for the process: the kind is fixed by the validated options, and no backend holds
        // per-request state (the HTTP backend's client recycles its connections, see above).
        services.AddSingleton<IEmbeddingBackend>(sp => new TracedEmbeddingBackend(
            KindOf(sp) switch
            {
                BackendKind.Http => sp.GetRequiredService<HttpBackend>(),
                BackendKind.Local => sp.GetRequiredService<LocalBackend>(),
                _ => sp.GetRequiredService<SimulatedBackend>(),
            }));

        services.AddSingleton<EmbeddingBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingBatcher>());
        // The batched strategy's queue: one async worker for the waiting backends, one inference thread per core for the model.
        services.AddSingleton<IEmbeddingBatcher>(sp => KindOf(sp) == BackendKind.Local
            ? sp.GetRequiredService<LocalBatcher>()
            : sp.GetRequiredService<EmbeddingBatcher>());
        services.AddSingleton<IModelInputs>(sp => KindOf(sp) == BackendKind.Local
            ? new WordPieceInputs(sp.GetRequiredService<LocalEncoder>())
            : new WordTokenInputs(sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value.MaxTokensPerInput));
        services.AddHealthChecks().AddCheck<BackendHealthCheck>("backend", tags: ["ready"]);
        services.AddHttpClient(nameof(BackendHealthCheck)).RemoveAllResilienceHandlers(); // readiness tells, it does not retry
        return services;
    }

    private static BackendKind KindOf(IServiceProvider services) => services.GetRequiredService<IOptions<BackendOptions>>().Value.Kind;

    /// <summary>The local model, created only when the Local backend is chosen: one encoder (weights loaded once) shared by every thread.</summary>
    private static void AddLocalModel(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<IOptions<BackendOptions>>().Value.Local;
            return new LocalEncoder(local.IntraOpThreads, local.MaxInputTokens);
        });
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<IOptions<BackendOptions>>().Value.Local;
            return new InferenceWorkers(sp.GetRequiredService<LocalEncoder>(), local.EffectiveWorkers, local.MaxBatchInputs, local.QueueCapacity);
        });
        services.AddSingleton<LocalBackend>();
        services.AddSingleton<LocalBatcher>();
        services.AddSingleton<ProcessCpu>();
        services.AddHostedService<LocalModelService>();
    }

    // So that "v1/embeddings" resolves under a base URL that has a path, e.g. https://host/openai/.
    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
