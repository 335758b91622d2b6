using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is the API's contract: it is compared with a checked-in snapshot, so every contract change
/// shows up as a diff in review. To accept a change, run the tests, then move the ".actual" file written next to the
/// snapshot over it (the failure message prints the command) and commit.
/// </summary>
public sealed partial class OpenApiDocumentTests(ITestOutputHelper output)
{
    private const string DocumentPath = "/swagger/v1/swagger.json";
    private static readonly string SnapshotPath = Path.Combine(RepositoryPaths.Root, "tests", "WebDemo.Api.Tests", "OpenApi", "swagger.v1.json");
    private static readonly string ActualPath = Path.ChangeExtension(SnapshotPath, ".actual.json");

    [Fact]
    public async Task TheDocumentMatchesTheCheckedInSnapshot()
    {
        var actual = Normalise(await FetchDocumentAsync());

        var expected = File.Exists(SnapshotPath) ? Normalise(JsonNode.Parse(await File.ReadAllTextAsync(SnapshotPath).WaitAsync(Timeouts.Request))!) : null;

        if (actual != expected)
        {
            await File.WriteAllTextAsync(ActualPath, actual).WaitAsync(Timeouts.Request);
            Assert.Fail(expected is null
                ? $"No OpenAPI snapshot yet. Review {ActualPath}, then accept it: mv '{ActualPath}' '{SnapshotPath}'"
                : $"The OpenAPI document changed. Review: diff -u '{SnapshotPath}' '{ActualPath}'{Environment.NewLine}" +
                  $"If the change is intended, accept it: mv '{ActualPath}' '{SnapshotPath}' (and commit the snapshot).");
        }
        File.Delete(ActualPath);
    }

    [Fact]
    public async Task EveryOperationIsDocumentedForPeopleWhoAreLearning()
    {
        var document = await FetchDocumentAsync();

        var operations = Operations(document).ToList();

        Assert.NotEmpty(operations);
        foreach (var (name, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{name} has no description");
            Assert.True(operation["tags"]?.AsArray().Count > 0, $"{name} has no tags");
            Assert.True(operation["responses"]?["200"] is not null, $"{name} documents no 200 response");
        }
    }

    [Fact]
    public async Task EveryStrategyDocumentsItsProblemsHeadersAndLatencyOverride()
    {
        var document = await FetchDocumentAsync();

        var strategies = Operations(document).Where(operation => operation.Name.StartsWith("post ", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["post /embeddings/async", "post /embeddings/batched", "post /embeddings/blocking", "post /embeddings/offloaded",
             "post /embeddings/sync-over-async", "post /v1/embeddings"],
            strategies.Select(operation => operation.Name).Order(StringComparer.Ordinal));
        foreach (var (name, operation) in strategies)
        {
            var responses = operation["responses"]!.AsObject();
            // The OpenAI-compatible route answers errors in OpenAI's envelope; the others with ProblemDetails.
            var (contentType, schema) = name == "post /v1/embeddings"
                ? ("application/json", "OpenAiErrorResponse")
                : ("application/problem+json", "ProblemDetails");
            foreach (var status in new[] { "400", "413", "415", "429", "502", "504" })
            {
                var reference = responses[status]?["content"]?[contentType]?["schema"]?["$ref"]?.GetValue<string>();
                Assert.True(reference?.EndsWith(schema, StringComparison.Ordinal), $"{name} documents its {status} as {reference ?? "nothing"}, not {schema}");
            }
            var headers = responses["200"]!["headers"]!.AsObject().Select(header => header.Key);
            Assert.Superset(new HashSet<string>(["x-strategy", "x-thread-start", "x-thread-end", "x-threadpool-threads", "x-queue-time", "x-inference-time", "x-total-time"]),
                new HashSet<string>(headers));
            Assert.Contains(operation["parameters"]!.AsArray(), parameter => parameter!["name"]!.GetValue<string>() == "latencyMs");
            Assert.NotNull(operation["requestBody"]?["content"]?["application/json"]);
        }
    }

    [Fact]
    public async Task TheRequestSchemaUsesOpenAisSnakeCaseNamesAndCarriesAWorkingExample()
    {
        var document = await FetchDocumentAsync();
        var request = document["components"]!["schemas"]!["EmbeddingRequest"]!;

        var properties = request["properties"]!.AsObject().Select(property => property.Key).ToList();

        Assert.Equal(["dimensions", "encoding_format", "input", "model", "truncate", "user"], properties.Order(StringComparer.Ordinal));
        Assert.All(properties, property => Assert.Matches(SnakeCase(), property));
        Assert.Equal(["input"], request["required"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(["float", "base64"], request["properties"]!["encoding_format"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()));
        var usage = document["components"]!["schemas"]!["EmbeddingUsage"]!["properties"]!.AsObject().Select(property => property.Key);
        Assert.Equal(["prompt_tokens", "total_tokens"], usage.Order(StringComparer.Ordinal));

        // The example Swagger UI pre-fills must be a request the API accepts.
        var example = (request["example"] ?? request["examples"]![0])!.ToJsonString(); // "example" in OpenAPI 3.0
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        using var response = await client.PostJsonAsync("/embeddings/async", example);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/swagger/index.html").WaitAsync(Timeouts.Request);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonNode> FetchDocumentAsync()
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(DocumentPath).WaitAsync(Timeouts.Request);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().WaitAsync(Timeouts.Request))!;
    }

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select ($"{operation.Key} {path.Key}", operation.Value!);

    // Two-space indentation, "\n" line ends, non-ASCII kept readable (the descriptions use — and ÷): a stable text to diff.
    private static string Normalise(JsonNode document)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };
        return new StringBuilder(document.ToJsonString(options)).Append('\n').ToString();
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
