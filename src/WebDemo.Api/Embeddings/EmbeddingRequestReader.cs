using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WebDemo.Embedding.OpenAi;

namespace WebDemo.Api.Embeddings;

/// <summary>
/// Reads and validates an embeddings request. Every strategy binds its <see cref="EmbeddingJob"/> through
/// here, asynchronously, so the strategies differ only in how they wait for the backend.
/// Bad input throws <see cref="InvalidRequestException"/> or <see cref="BadHttpRequestException"/>,
/// which the problem-details handlers turn into 4xx answers.
/// </summary>
public static class EmbeddingRequestReader
{
    public const string LatencyQueryParameter = "latencyMs";

    public static async ValueTask<EmbeddingJob> ReadAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException(
                $"Send the body as application/json; the request's content type is '{request.ContentType ?? "(none)"}'.",
                StatusCodes.Status415UnsupportedMediaType);
        }
        // Fail fast on a declared oversize body; Kestrel's MaxRequestBodySize also stops chunked ones mid-read.
        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            throw new BadHttpRequestException(
                $"The body is {request.ContentLength} bytes; at most {options.MaxRequestBodyBytes} are accepted.",
                StatusCodes.Status413PayloadTooLarge);
        }

        EmbeddingRequest? body;
        try
        {
            body = await ReadBodyAsync(request, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            throw InvalidRequestException.FromJson(exception);
        }

        // Request.Query builds a query feature and its dictionary even for an empty query string: only asked when there is one.
        var latencyMs = request.QueryString.HasValue ? request.Query[LatencyQueryParameter] : default;
        return Validate(body, latencyMs, options, context.RequestServices.GetRequiredService<IModelInputs>());
    }

    /// <summary>
    /// The body as JSON, from the body stream: what <c>ReadFromJsonAsync</c> did until .NET 10, which reads through the
    /// body's PipeReader instead, whose reader state boxes two ReadOnlySequence values and reflects over their fields
    /// when disposed (~0.3 KB per request, docs/performance.md). Another charset than UTF-8 is transcoded.
    /// </summary>
    private static async ValueTask<EmbeddingRequest?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var encoding = BodyEncoding(request.ContentType!);
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return await JsonSerializer.DeserializeAsync(request.Body, OpenAiJsonContext.Default.EmbeddingRequest, cancellationToken);
        }
        await using var utf8 = Encoding.CreateTranscodingStream(request.Body, encoding, Encoding.UTF8, leaveOpen: true);
        return await JsonSerializer.DeserializeAsync(utf8, OpenAiJsonContext.Default.EmbeddingRequest, cancellationToken);
    }

    /// <summary>The content type's charset, UTF-8 when it names none; a 415 for one .NET does not know.</summary>
    private static Encoding BodyEncoding(string contentType)
    {
        if (!contentType.Contains("charset", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8; // JSON's default, and what almost every client sends: no parsing needed
        }
        var charset = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(contentType).Charset).ToString();
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            throw new BadHttpRequestException(
                $"The body's charset '{charset}' is not one this server can read; send the JSON as UTF-8.",
                StatusCodes.Status415UnsupportedMediaType);
        }
    }

    internal static EmbeddingJob Validate(EmbeddingRequest? body, string? latencyMs, EmbeddingsOptions options, IModelInputs model)
    {
        var errors = new Errors();
        var truncate = body?.Truncate ?? false;
        var promptTokens = CountInputTokens(body?.Input, truncate, options, model, ref errors);

        var native = model.Dimensions ?? options.Dimensions;
        if (body?.Dimensions is { } dimensions && (dimensions < 1 || dimensions > native))
        {
            errors.Add("dimensions", $"'dimensions' must be between 1 and {native}; it was {dimensions}.");
        }

        var format = body?.EncodingFormat ?? "float";
        if (!EmbeddingRequest.EncodingFormats.Contains(format))
        {
            errors.Add("encoding_format", $"'encoding_format' must be \"float\" or \"base64\"; it was \"{format}\".");
        }

        var latency = ParseLatencyOverride(latencyMs, options, ref errors);
        errors.ThrowIfAny();

        return new EmbeddingJob(
            body!.Input!,
            body.Dimensions,
            model.Model ?? (string.IsNullOrWhiteSpace(body.Model) ? options.Model : body.Model),
            latency,
            AsBase64: format == "base64",
            promptTokens)
        {
            Truncate = truncate,
        };
    }

    /// <summary>Checks the inputs' count and each input's text; returns the tokens the model will read.</summary>
    private static int CountInputTokens(
        IReadOnlyList<string>? inputs, bool truncate, EmbeddingsOptions options, IModelInputs model, ref Errors errors)
    {
        if (inputs is null)
        {
            errors.Add("input", "'input' is required: a string or an array of strings.");
            return 0;
        }
        if (inputs.Count == 0 || inputs.Count > options.MaxInputsPerRequest)
        {
            errors.Add("input", inputs.Count == 0
                ? "'input' must contain at least one string."
                : $"'input' has {inputs.Count} items; at most {options.MaxInputsPerRequest} are allowed per request.");
            return 0;
        }

        var promptTokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var text = inputs[i];
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add($"input[{i}]", $"Item {i} of 'input' is empty; every input must contain text.");
                continue;
            }
            var (tokens, error) = model.Count(text, truncate);
            if (error is not null)
            {
                errors.Add($"input[{i}]", $"Item {i} of 'input' {error}");
            }
            promptTokens += tokens;
        }
        return promptTokens;
    }

    /// <summary>The request's <c>?latencyMs=</c>, replacing the configured base latency; null when absent.</summary>
    private static TimeSpan? ParseLatencyOverride(string? latencyMs, EmbeddingsOptions options, ref Errors errors)
    {
        if (latencyMs is null)
        {
            return null;
        }
        if (int.TryParse(latencyMs, out var ms) && ms >= 0 && ms <= options.MaxLatencyOverrideMs)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        errors.Add(LatencyQueryParameter,
            $"'{LatencyQueryParameter}' must be a whole number from 0 to {options.MaxLatencyOverrideMs}; it was \"{latencyMs}\".");
        return null;
    }

    /// <summary>Every problem of one request, reported together; the dictionary is created by the first error only.</summary>
    private struct Errors
    {
        private Dictionary<string, string[]>? _byField;

        public void Add(string field, string message) => (_byField ??= new(StringComparer.Ordinal))[field] = [message];

        public readonly void ThrowIfAny()
        {
            if (_byField is not null)
            {
                throw new InvalidRequestException(_byField);
            }
        }
    }
}
