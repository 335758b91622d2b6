using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WebDemo.Api.Tests.Infrastructure;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(
        this HttpClient client, string path, string json, CancellationToken cancellationToken = default) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken).WaitAsync(Timeouts.Request, cancellationToken);

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string body, string? contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content).WaitAsync(Timeouts.Request);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeouts.Request);
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} with a body that is not JSON: {text}", exception);
        }
    }

    /// <summary>Asserts the status, and on failure shows the body, which usually says why.</summary>
    public static async Task AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync().WaitAsync(Timeouts.Request);
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }
}
