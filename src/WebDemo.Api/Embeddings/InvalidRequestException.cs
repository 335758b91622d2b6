using System.Text.Json;

namespace WebDemo.Api.Embeddings;

/// <summary>The request body or query was understood but invalid; answered as a 400 validation problem.</summary>
public sealed class InvalidRequestException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(error => error.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>Turns a deserialisation failure into a message naming the offending field (<c>$.dimensions</c> → <c>dimensions</c>).</summary>
    public static InvalidRequestException FromJson(JsonException exception)
    {
        var field = exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        string message;
        if (exception.InnerException is JsonException syntax)
        {
            // The reader's own message says what is wrong ("'}' is an invalid start of a value.") and where.
            message = $"The body is not valid JSON: {syntax.Message}";
            field = "body";
        }
        else if (!exception.Message.Contains("Path:", StringComparison.Ordinal))
        {
            message = exception.Message; // thrown by our converters, already readable
        }
        else
        {
            message = field switch
            {
                null => "The body must be a JSON object such as {\"input\": \"some text\"}.",
                "dimensions" => "'dimensions' must be a whole number.",
                _ => $"'{field}' must be a string.",
            };
        }
        return new InvalidRequestException(new Dictionary<string, string[]> { [field ?? "body"] = [message] });
    }
}
