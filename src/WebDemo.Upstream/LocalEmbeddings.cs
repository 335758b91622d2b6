using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebDemo.Embedding;
using WebDemo.Embedding.Local;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Upstream;

/// <summary>
/// <c>Upstream:Compute=Local</c>: the real model behind the same route, as a TEI-like server runs it — requests queue for
/// a fixed set of inference threads that batch what is waiting; a full queue answers 429, an over-long input 400.
/// </summary>
public static class LocalEmbeddings
{
    public static void AddLocalModel(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<IOptions<UpstreamOptions>>().Value.Local;
            return new LocalEncoder(local.IntraOpThreads, local.MaxInputTokens);
        });
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<IOptions<UpstreamOptions>>().Value.Local;
            return new InferenceWorkers(sp.GetRequiredService<LocalEncoder>(), local.EffectiveWorkers, local.MaxBatchInputs, local.QueueCapacity);
        });
        services.AddHostedService<LocalModelLifetime>();
    }

    /// <summary>Loads the model before the server listens, and lets the workers finish what they accepted on shutdown.</summary>
    private sealed class LocalModelLifetime(IServiceProvider services, IOptions<UpstreamOptions> options) : IHostedService
    {
        private bool Enabled => options.Value.Compute == UpstreamCompute.Local;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (Enabled)
            {
                services.GetRequiredService<InferenceWorkers>();
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (!Enabled)
            {
                return Task.CompletedTask;
            }
            var workers = services.GetRequiredService<InferenceWorkers>();
            workers.Complete();
            return workers.Stopped.WaitAsync(cancellationToken);
        }
    }

    public static async Task<Results<JsonHttpResult<EmbeddingResponse>, JsonHttpResult<OpenAiErrorResponse>>> HandleAsync(
        HttpContext context, EmbeddingRequest request, IReadOnlyList<string> inputs, InferenceWorkers workers, long startedAt,
        CancellationToken cancellationToken)
    {
        var dimensions = request.Dimensions ?? MiniLmModel.Dimensions;
        if (dimensions is < 1 or > MiniLmModel.Dimensions)
        {
            return EmbeddingsEndpoint.Error(StatusCodes.Status400BadRequest, $"'dimensions' must be between 1 and {MiniLmModel.Dimensions}.",
                "invalid_request_error", "dimensions");
        }
        var encoder = context.RequestServices.GetRequiredService<LocalEncoder>();
        var truncate = request.Truncate ?? false;
        var tokens = inputs.Sum(text => Math.Min(encoder.CountTokens(text), truncate ? encoder.MaxInputTokens : int.MaxValue));
        InferenceResult result;
        try
        {
            result = await workers.EncodeAsync(inputs, truncate, cancellationToken);
        }
        catch (InputTooLongException tooLong)
        {
            return EmbeddingsEndpoint.Error(StatusCodes.Status400BadRequest, tooLong.Message, "invalid_request_error", "input");
        }
        catch (InferenceQueueFullException full)
        {
            context.Response.Headers.RetryAfter = "1";
            return EmbeddingsEndpoint.Error(StatusCodes.Status429TooManyRequests, full.Message, "rate_limit_error", null);
        }
        catch (InferenceStoppedException stopped)
        {
            return EmbeddingsEndpoint.Error(StatusCodes.Status503ServiceUnavailable, stopped.Message, "server_error", null);
        }

        var base64 = request.EncodingFormat == "base64";
        var data = new EmbeddingData[inputs.Count];
        for (var i = 0; i < data.Length; i++)
        {
            var vector = dimensions < MiniLmModel.Dimensions ? VectorMath.TruncateAndNormalize(result.Vectors[i].Span, dimensions) : result.Vectors[i];
            data[i] = new EmbeddingData(i, new EmbeddingVector(vector, base64));
        }
        var headers = context.Response.Headers;
        headers[TimingHeaders.QueueTime] = TimingHeaders.Milliseconds(Stopwatch.GetElapsedTime(startedAt, result.StartedAt));
        headers[TimingHeaders.InferenceTime] = TimingHeaders.Milliseconds(result.Elapsed);
        headers[TimingHeaders.TotalTime] = TimingHeaders.Milliseconds(Stopwatch.GetElapsedTime(startedAt));
        return TypedResults.Json(new EmbeddingResponse(data, MiniLmModel.Name, new EmbeddingUsage(tokens, tokens)), OpenAiJsonContext.Default.EmbeddingResponse);
    }
}
