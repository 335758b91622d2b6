using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings.Backends;

/// <summary>
/// Calls a real OpenAI-compatible server (<c>POST {BaseUrl}/v1/embeddings</c>). The blocking path uses
/// <see cref="HttpClient.Send(HttpRequestMessage)"/>: the thread sits in a blocking socket read. The async path
/// uses <see cref="HttpClient.SendAsync(HttpRequestMessage, CancellationToken)"/>: no thread waits at all.
/// </summary>
public sealed class HttpBackend(HttpClient httpClient, IOptions<BackendOptions> options) : IEmbeddingBackend
{
    private readonly HttpBackendOptions _options = options.Value.Http;

    public EmbeddingResult Embed(EmbeddingJob job)
    {
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            using var response = httpClient.Send(CreateRequest(job));
            using var body = response.Content.ReadAsStream();
            return ReadResult(job, response, body, startedAt);
        }
        catch (Exception exception) when (TranslateFailure(exception, CancellationToken.None) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<EmbeddingResult> EmbedAsync(EmbeddingJob job, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClient.SendAsync(CreateRequest(job), cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return ReadResult(job, response, body, startedAt);
        }
        catch (Exception exception) when (TranslateFailure(exception, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private HttpRequestMessage CreateRequest(EmbeddingJob job)
    {
        var path = job.LatencyOverride is { } latency
            ? $"v1/embeddings?latencyMs={(int)latency.TotalMilliseconds}" // honoured by WebDemo.Upstream, ignored by others
            : "v1/embeddings";
        var body = new EmbeddingRequest
        {
            Input = job.Inputs,
            Model = string.IsNullOrEmpty(_options.Model) ? job.Model : _options.Model,
            Dimensions = job.Dimensions,
            EncodingFormat = "float",
            Truncate = job.Truncate ? true : null, // honoured by WebDemo.Upstream's local model and TEI-like servers
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body, OpenAiJsonContext.Default.EmbeddingRequest),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }
        return request;
    }

    private static EmbeddingResult ReadResult(EmbeddingJob job, HttpResponseMessage response, Stream body, long startedAt)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new UpstreamException(StatusCodes.Status502BadGateway,
                $"The upstream answered {(int)response.StatusCode} {response.ReasonPhrase}: {ReadErrorMessage(body)}");
        }
        var parsed = JsonSerializer.Deserialize(body, OpenAiJsonContext.Default.EmbeddingResponse);
        if (parsed?.Data is not { } data || data.Count != job.Inputs.Count)
        {
            throw new UpstreamException(StatusCodes.Status502BadGateway,
                $"The upstream returned {parsed?.Data?.Count ?? 0} vectors for {job.Inputs.Count} inputs.");
        }
        var vectors = new ReadOnlyMemory<float>[data.Count];
        foreach (var item in data)
        {
            if ((uint)item.Index >= (uint)vectors.Length)
            {
                throw new UpstreamException(StatusCodes.Status502BadGateway, $"The upstream returned a vector with index {item.Index}.");
            }
            vectors[item.Index] = item.Embedding.Values;
        }
        return new EmbeddingResult(vectors, startedAt, Stopwatch.GetElapsedTime(startedAt))
        {
            // What really ran, e.g. the upstream's local model, rather than the name the client asked for.
            Model = string.IsNullOrWhiteSpace(parsed.Model) ? null : parsed.Model,
            PromptTokens = parsed.Usage?.PromptTokens is > 0 ? parsed.Usage.PromptTokens : null,
        };
    }

    private static string ReadErrorMessage(Stream body)
    {
        using var reader = new StreamReader(body);
        var text = reader.ReadToEnd();
        try
        {
            var error = JsonSerializer.Deserialize(text, OpenAiJsonContext.Default.OpenAiErrorResponse);
            if (!string.IsNullOrEmpty(error?.Error?.Message))
            {
                return error.Error.Message;
            }
        }
        catch (JsonException)
        {
            // Not OpenAI's error shape: fall back to the raw text below.
        }
        return text.Length > 500 ? text[..500] : text;
    }

    // The caller's own cancellation passes through untouched; everything else becomes a 502 or 504 with the reason.
    private UpstreamException? TranslateFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        UpstreamException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new UpstreamException(StatusCodes.Status504GatewayTimeout,
            $"The upstream did not answer within {_options.TimeoutSeconds} s.", exception),
        HttpRequestException http => new UpstreamException(StatusCodes.Status502BadGateway,
            $"The upstream at {_options.BaseUrl} could not be reached: {http.Message}", exception),
        JsonException json => new UpstreamException(StatusCodes.Status502BadGateway,
            $"The upstream answered with a body that is not an OpenAI embeddings response: {json.Message}", exception),
        IOException io => new UpstreamException(StatusCodes.Status502BadGateway,
            $"The connection to the upstream failed: {io.Message}", exception),
        _ => null,
    };
}
