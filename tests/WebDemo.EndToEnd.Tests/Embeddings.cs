using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebDemo.EndToEnd.Tests;

/// <summary>Builds embeddings requests and reads their answers as a client would: from JSON text and headers.</summary>
internal static class Embeddings
{
    public static readonly string[] StrategyRoutes =
        ["/embeddings/blocking", "/embeddings/offloaded", "/embeddings/sync-over-async", "/embeddings/async", "/embeddings/batched"];

    public static StringContent Body(params string[] inputs) =>
        new(new JsonObject { ["input"] = new JsonArray([.. inputs.Select(input => JsonValue.Create(input))]) }.ToJsonString(),
            Encoding.UTF8, "application/json");

    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().WaitAsync(Apps.Timeout)).WaitAsync(Apps.Timeout);

    /// <summary><c>data[].embedding</c> in index order.</summary>
    public static float[][] VectorsOf(JsonDocument body) =>
        [.. body.RootElement.GetProperty("data").EnumerateArray()
            .OrderBy(item => item.GetProperty("index").GetInt32())
            .Select(item => item.GetProperty("embedding").EnumerateArray().Select(number => number.GetSingle()).ToArray())];

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException(
            $"{(int)response.StatusCode} response has no '{name}' header; it has: {string.Join(", ", response.Headers.Select(h => h.Key))}");

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
