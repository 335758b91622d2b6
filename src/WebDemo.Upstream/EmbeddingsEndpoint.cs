using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WebDemo.Embedding;
using WebDemo.Embedding.Local;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Upstream;

/// <summary>
/// <c>POST /v1/embeddings</c>, fully asynchronous: the wait is a timer, so no thread is held while it runs.
/// TEI-style timing headers: <c>x-queue-time</c>, <c>x-inference-time</c>, <c>x-total-time</c> (ms).
/// </summary>
public static class EmbeddingsEndpoint
{
    /// <summary>The settings (section <c>Upstream</c>, validated at start), the hashing embedder and the local model.</summary>
    public static IServiceCollection AddUpstreamEmbeddings(this IServiceCollection services)
    {
        services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new HashingEmbedder(sp.GetRequiredService<IOptions<UpstreamOptions>>().Value.Dimensions));
        services.AddLocalModel();
        return services;
    }

    public static IEndpointRouteBuilder MapUpstreamEmbeddings(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", HandleAsync);
        app.MapGet("/health", () => TypedResults.Ok(new { status = "Healthy" }));
        return app;
    }

    private static async Task<Results<JsonHttpResult<EmbeddingResponse>, JsonHttpResult<OpenAiErrorResponse>>> HandleAsync(
        HttpContext context, HashingEmbedder embedder, IOptions<UpstreamOptions> options, TimeProvider time, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ApiKey) && context.Request.Headers.Authorization != $"Bearer {settings.ApiKey}")
        {
            return Error(StatusCodes.Status401Unauthorized, "Incorrect API key provided.", "authentication_error", null);
        }

        EmbeddingRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(OpenAiJsonContext.Default.EmbeddingRequest, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return Error(StatusCodes.Status400BadRequest, $"Invalid JSON body: {exception.Message}", "invalid_request_error", null);
        }

        if (request?.Input is not { Count: > 0 } inputs || inputs.Count > settings.MaxInputs || inputs.Any(string.IsNullOrWhiteSpace))
        {
            return Error(StatusCodes.Status400BadRequest,
                $"'input' must be a non-empty string or an array of 1 to {settings.MaxInputs} non-empty strings.", "invalid_request_error", "input");
        }
        if (settings.Compute == UpstreamCompute.Local)
        {
            return await LocalEmbeddings.HandleAsync(context, request, inputs, services.GetRequiredService<InferenceWorkers>(), startedAt, cancellationToken);
        }
        var dimensions = request.Dimensions ?? embedder.Dimensions;
        if (dimensions < 1 || dimensions > embedder.Dimensions)
        {
            return Error(StatusCodes.Status400BadRequest, $"'dimensions' must be between 1 and {embedder.Dimensions}.", "invalid_request_error", "dimensions");
        }

        var queueTime = Stopwatch.GetElapsedTime(startedAt);
        var inferenceStartedAt = Stopwatch.GetTimestamp();
        await Task.Delay(LatencyOf(context.Request, settings, inputs.Count), time, cancellationToken);
        var (data, tokens) = Embed(embedder, inputs, dimensions, asBase64: request.EncodingFormat == "base64");

        var headers = context.Response.Headers;
        headers[TimingHeaders.QueueTime] = TimingHeaders.Milliseconds(queueTime);
        headers[TimingHeaders.InferenceTime] = TimingHeaders.Milliseconds(Stopwatch.GetElapsedTime(inferenceStartedAt));
        headers[TimingHeaders.TotalTime] = TimingHeaders.Milliseconds(Stopwatch.GetElapsedTime(startedAt));
        var model = string.IsNullOrWhiteSpace(request.Model) ? settings.Model : request.Model;
        return TypedResults.Json(new EmbeddingResponse(data, model, new EmbeddingUsage(tokens, tokens)), OpenAiJsonContext.Default.EmbeddingResponse);
    }

    /// <summary>The simulated model's wait: the request's <c>?latencyMs=</c> (0 to 30,000) or the configured base, plus a cost per input.</summary>
    private static TimeSpan LatencyOf(HttpRequest request, UpstreamOptions settings, int inputs)
    {
        var baseLatency = int.TryParse(request.Query["latencyMs"], out var overrideMs) && overrideMs is >= 0 and <= 30_000
            ? overrideMs
            : settings.BaseLatencyMs;
        return TimeSpan.FromMilliseconds(baseLatency + (settings.PerInputLatencyMs * inputs));
    }

    private static (EmbeddingData[] Data, int Tokens) Embed(HashingEmbedder embedder, IReadOnlyList<string> inputs, int dimensions, bool asBase64)
    {
        var data = new EmbeddingData[inputs.Count];
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = new float[dimensions];
            tokens += embedder.Embed(inputs[i], vector);
            data[i] = new EmbeddingData(i, new EmbeddingVector(vector, asBase64));
        }
        return (data, tokens);
    }

    internal static JsonHttpResult<OpenAiErrorResponse> Error(int status, string message, string type, string? param) =>
        TypedResults.Json(new OpenAiErrorResponse(new OpenAiError(message, type, param, null)),
            OpenAiJsonContext.Default.OpenAiErrorResponse, statusCode: status);
}
