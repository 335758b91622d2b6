using System.Text;

namespace WebDemo.Api.Tests.Validation;

/// <summary>One bad request and what the API must answer: the status, the problem's title and the field it names.</summary>
/// <param name="Body">The request body.</param>
/// <param name="ContentType">Its content type; <c>null</c> sends none.</param>
/// <param name="Query">Appended to the route, e.g. <c>?latencyMs=-1</c>.</param>
/// <param name="Status">Expected status code.</param>
/// <param name="Title">Expected problem title.</param>
/// <param name="Field">The field the validation errors (and OpenAI's <c>param</c>) must name; <c>null</c> for non-field problems.</param>
/// <param name="Message">Text the error message must contain.</param>
public sealed record BadInputCase(
    Func<string> Body, string? ContentType, string Query, int Status, string Title, string? Field, string Message);

/// <summary>Every bad-input case of issue 2, by name (names make the theory rows readable in test output).</summary>
public static class BadInputCases
{
    private const string Json = "application/json";
    private const string Invalid = "The request is invalid";

    public static readonly IReadOnlyDictionary<string, BadInputCase> All = new Dictionary<string, BadInputCase>
    {
        // Malformed JSON
        ["truncated JSON"] = new(() => """{"input": "hello", """, Json, "", 400, Invalid, "body", "The body is not valid JSON"),
        ["not JSON at all"] = new(() => "input=hello", Json, "", 400, Invalid, "body", "The body is not valid JSON"),
        ["empty body"] = new(() => "", Json, "", 400, Invalid, "body", "The body is not valid JSON"),
        ["a second value after the object"] = new(() => """{"input": "hello"} {"input": "again"}""", Json, "", 400, Invalid, "body", "The body is not valid JSON"),
        // Wrong JSON types
        ["body is an array"] = new(() => """["hello"]""", Json, "", 400, Invalid, "body", "The body must be a JSON object"),
        ["input is a number"] = new(() => """{"input": 42}""", Json, "", 400, Invalid, "input", "'input' must be a string or an array of strings, not a number"),
        ["input is an object"] = new(() => """{"input": {"text": "hello"}}""", Json, "", 400, Invalid, "input", "not an object"),
        ["input is a boolean"] = new(() => """{"input": true}""", Json, "", 400, Invalid, "input", "not a boolean"),
        ["input array holds a number"] = new(() => """{"input": ["hello", 42]}""", Json, "", 400, Invalid, "input", "Item 1 of 'input' is a number"),
        ["input array holds null"] = new(() => """{"input": ["hello", null]}""", Json, "", 400, Invalid, "input", "Item 1 of 'input' must be a string, not null"),
        ["dimensions is a string"] = new(() => """{"input": "hello", "dimensions": "ten"}""", Json, "", 400, Invalid, "dimensions", "'dimensions' must be a whole number"),
        ["dimensions is a fraction"] = new(() => """{"input": "hello", "dimensions": 1.5}""", Json, "", 400, Invalid, "dimensions", "'dimensions' must be a whole number"),
        ["encoding_format is a number"] = new(() => """{"input": "hello", "encoding_format": 1}""", Json, "", 400, Invalid, "encoding_format", "'encoding_format' must be a string"),
        ["model is a number"] = new(() => """{"input": "hello", "model": 7}""", Json, "", 400, Invalid, "model", "'model' must be a string"),
        // Missing or empty input
        ["input is missing"] = new(() => "{}", Json, "", 400, Invalid, "input", "'input' is required"),
        ["input is null"] = new(() => """{"input": null}""", Json, "", 400, Invalid, "input", "'input' is required"),
        ["body is null"] = new(() => "null", Json, "", 400, Invalid, "input", "'input' is required"),
        ["input is an empty array"] = new(() => """{"input": []}""", Json, "", 400, Invalid, "input", "at least one string"),
        ["input is an empty string"] = new(() => """{"input": ""}""", Json, "", 400, Invalid, "input[0]", "Item 0 of 'input' is empty"),
        ["input is whitespace"] = new(() => """{"input": " \t\n"}""", Json, "", 400, Invalid, "input[0]", "Item 0 of 'input' is empty"),
        ["empty string inside the array"] = new(() => """{"input": ["hello", ""]}""", Json, "", 400, Invalid, "input[1]", "Item 1 of 'input' is empty"),
        // Limits
        ["2049 inputs"] = new(() => $$"""{"input": [{{string.Join(",", Enumerable.Repeat("\"hi there\"", 2049))}}]}""", Json, "", 400, Invalid, "input",
            "'input' has 2049 items; at most 2048 are allowed"),
        ["8193 tokens in one input"] = new(() => $$"""{"input": ["fine", "{{string.Join(" ", Enumerable.Repeat("ab", 8193))}}"]}""", Json, "", 400, Invalid,
            "input[1]", "Item 1 of 'input' has 8193 tokens (words and symbols); at most 8192 are allowed"),
        ["body over 2 MB"] = new(() => $$"""{"input": "{{new string('a', 2 * 1024 * 1024)}}"}""", Json, "", 413, "The request body is too large", null,
            "at most 2097152 are accepted"),
        // Content type
        // (routing refuses a content type the endpoint does not accept; the reader refuses a missing one)
        ["text/plain body"] = new(() => "hello", "text/plain", "", 415, "Unsupported Media Type", null, "it was 'text/plain; charset=utf-8'"),
        ["a charset .NET does not know"] = new(() => """{"input": "hello"}""", "application/json; charset=klingon", "", 415, "Unsupported Media Type", null,
            "The body's charset 'klingon' is not one this server can read"),
        ["form body"] = new(() => "input=hello", "application/x-www-form-urlencoded", "", 415, "Unsupported Media Type", null,
            "Send the body as JSON with 'Content-Type: application/json'"),
        ["no content type"] = new(() => """{"input": "hello"}""", null, "", 415, "Unsupported Media Type", null,
            "Send the body as application/json; the request's content type is '(none)'"),
        // Values out of range
        ["dimensions 0"] = new(() => """{"input": "hello", "dimensions": 0}""", Json, "", 400, Invalid, "dimensions", "'dimensions' must be between 1 and 384; it was 0"),
        ["dimensions negative"] = new(() => """{"input": "hello", "dimensions": -5}""", Json, "", 400, Invalid, "dimensions", "it was -5"),
        ["dimensions above native"] = new(() => """{"input": "hello", "dimensions": 385}""", Json, "", 400, Invalid, "dimensions", "it was 385"),
        ["unknown encoding_format"] = new(() => """{"input": "hello", "encoding_format": "base32"}""", Json, "", 400, Invalid, "encoding_format",
            "'encoding_format' must be \"float\" or \"base64\"; it was \"base32\""),
        ["latencyMs negative"] = new(() => """{"input": "hello"}""", Json, "?latencyMs=-1", 400, Invalid, "latencyMs", "'latencyMs' must be a whole number from 0 to 30000"),
        ["latencyMs above 30000"] = new(() => """{"input": "hello"}""", Json, "?latencyMs=30001", 400, Invalid, "latencyMs", "it was \"30001\""),
        ["latencyMs not a number"] = new(() => """{"input": "hello"}""", Json, "?latencyMs=soon", 400, Invalid, "latencyMs", "it was \"soon\""),
        ["latencyMs a fraction"] = new(() => """{"input": "hello"}""", Json, "?latencyMs=1.5", 400, Invalid, "latencyMs", "it was \"1.5\""),
    };

    public static TheoryData<string> Names() => [.. All.Keys];

    public static HttpContent ContentOf(BadInputCase bad)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(bad.Body()));
        if (bad.ContentType is not null)
        {
            content.Headers.ContentType = bad.ContentType.Contains("charset", StringComparison.Ordinal)
                ? System.Net.Http.Headers.MediaTypeHeaderValue.Parse(bad.ContentType)
                : new System.Net.Http.Headers.MediaTypeHeaderValue(bad.ContentType) { CharSet = "utf-8" };
        }
        return content;
    }
}
