using System.Net;
using System.Text.Json;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Validation;

/// <summary>Bad input on the strategy routes: a 4xx ProblemDetails naming what is wrong, never a 500, and the server carries on.</summary>
public sealed class ProblemDetailsTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(BadInputCases.Names), MemberType = typeof(BadInputCases))]
    public async Task BadInputIsAProblemNamingTheFieldAndTheServerKeepsServing(string name)
    {
        var bad = BadInputCases.All[name];
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync($"/embeddings/async{bad.Query}", BadInputCases.ContentOf(bad)).WaitAsync(Timeouts.Request);

        Assert.Equal(bad.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(bad.Status, problem.GetProperty("status").GetInt32());
        Assert.Equal(bad.Title, problem.GetProperty("title").GetString());
        Assert.Contains(bad.Message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("POST /embeddings/async", problem.GetProperty("instance").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _), "the problem carries a traceId");
        if (bad.Field is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.Equal([bad.Field], errors.EnumerateObject().Select(error => error.Name));
            Assert.Contains(errors.GetProperty(bad.Field).EnumerateArray(), message => message.GetString()!.Contains(bad.Message, StringComparison.Ordinal));
        }

        using var next = await client.PostJsonAsync("/embeddings/async", """{"input": "still serving?"}""");
        await next.AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SeveralBadFieldsAreAllReportedAtOnce()
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/embeddings/async?latencyMs=-1",
            """{"input": ["ok", ""], "dimensions": 0, "encoding_format": "hex"}""");

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal(["dimensions", "encoding_format", "input[1]", "latencyMs"], errors.EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/embeddings/threads")]
    [InlineData("/embeddings")]
    [InlineData("/nothing/here")]
    public async Task AnUnknownRouteIsA404ProblemListingTheStrategies(string path)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(path, """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("POST /embeddings/{blocking|offloaded|sync-over-async|async|batched}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWrongMethodIsA405Problem()
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/embeddings/async").WaitAsync(Timeouts.Request);

        await response.AssertStatusAsync(HttpStatusCode.MethodNotAllowed);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("does not accept GET", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/embeddings/blocking")]
    [InlineData("/embeddings/offloaded")]
    [InlineData("/embeddings/sync-over-async")]
    [InlineData("/embeddings/batched")]
    public async Task EveryStrategyValidatesTheSameWay(string route)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, """{"input": ["hello", ""]}""");

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Array, problem.GetProperty("errors").GetProperty("input[1]").ValueKind);
    }
}
