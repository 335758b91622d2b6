using System.Net;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Validation;

/// <summary>The same bad input on <c>/v1/embeddings</c> answers in OpenAI's error shape, which OpenAI clients display.</summary>
public sealed class OpenAiErrorTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(BadInputCases.Names), MemberType = typeof(BadInputCases))]
    public async Task BadInputOnTheOpenAiRouteIsAnOpenAiError(string name)
    {
        var bad = BadInputCases.All[name];
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync($"/v1/embeddings{bad.Query}", BadInputCases.ContentOf(bad)).WaitAsync(Timeouts.Request);

        Assert.Equal(bad.Status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["error"], body.EnumerateObject().Select(property => property.Name));
        var error = body.GetProperty("error");
        Assert.Contains(bad.Message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(bad.Field, StringOrNull(error, "param"));
        Assert.Equal(bad.Status switch { 413 => "request_too_large", 415 => "unsupported_media_type", _ => null }, StringOrNull(error, "code"));

        using var next = await client.PostJsonAsync("/v1/embeddings", """{"input": "still serving?"}""");
        await next.AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnknownOpenAiRouteIsANotFoundError()
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/v1/completions", """{"prompt": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.NotFound);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        Assert.Contains("POST /v1/embeddings", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    // OpenAI sends "param": null and "code": null rather than leaving them out; clients accept either.
    private static string? StringOrNull(System.Text.Json.JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}
