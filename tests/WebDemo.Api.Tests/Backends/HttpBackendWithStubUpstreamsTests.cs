using System.Net;
using Microsoft.AspNetCore.Http;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Backends;

/// <summary>The Http backend against upstreams that fail: a 502 or 504 problem that says why, on the blocking and the async path.</summary>
public sealed class HttpBackendWithStubUpstreamsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Routes() => ["/embeddings/blocking", "/embeddings/async", "/embeddings/batched"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUnreachableUpstreamIsA502(string route)
    {
        var closedPort = FreePort.Next(); // handed out and released: nothing listens there
        await using var factory = HttpBackendApi(new Uri($"http://127.0.0.1:{closedPort}/"));
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.BadGateway);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("The upstream failed", problem.GetProperty("title").GetString());
        Assert.Contains($"The upstream at http://127.0.0.1:{closedPort}/ could not be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUpstreamThatHangsIsA504AfterTheTimeout(string route)
    {
        await using var upstream = await StubUpstream.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var factory = HttpBackendApi(upstream.BaseAddress, timeoutSeconds: 1);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.GatewayTimeout);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("The upstream timed out", problem.GetProperty("title").GetString());
        Assert.Equal("The upstream did not answer within 1 s.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUpstreamErrorIsA502CarryingTheUpstreamsMessage(string route)
    {
        await using var upstream = await StubUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error": {"message": "Incorrect API key provided.", "type": "authentication_error", "param": null, "code": null}}""");
        });
        await using var factory = HttpBackendApi(upstream.BaseAddress);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(route, """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.BadGateway);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("The upstream answered 401 Unauthorized: Incorrect API key provided.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("this is not JSON", "not an OpenAI embeddings response")]
    [InlineData("""{"object": "list", "data": [], "model": "m", "usage": {"prompt_tokens": 0, "total_tokens": 0}}""", "The upstream returned 0 vectors for 1 inputs")]
    public async Task AnUpstreamAnsweringNonsenseIsA502(string body, string reason)
    {
        await using var upstream = await StubUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await using var factory = HttpBackendApi(upstream.BaseAddress);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/embeddings/async", """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.BadGateway);
        Assert.Contains(reason, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamFailuresOnTheOpenAiRouteAreServerErrorsInOpenAiShape()
    {
        await using var upstream = await StubUpstream.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var factory = HttpBackendApi(upstream.BaseAddress, timeoutSeconds: 1);
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/v1/embeddings", """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.GatewayTimeout);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("upstream_timeout", error.GetProperty("code").GetString());
        Assert.Equal("The upstream did not answer within 1 s.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheApiKeyAndTheLatencyOverrideAreSentUpstream()
    {
        var seen = new TaskCompletionSource<(string? Authorization, string? Query)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StubUpstream.StartAsync(async context =>
        {
            seen.TrySetResult((context.Request.Headers.Authorization.ToString(), context.Request.QueryString.Value));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.6, 0.8]}], "model": "m", "usage": {"prompt_tokens": 1, "total_tokens": 1}}""");
        });
        await using var factory = HttpBackendApi(upstream.BaseAddress, apiKey: "sk-test");
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/embeddings/async?latencyMs=7", """{"input": "hello"}""");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var (authorization, query) = await seen.Task.WaitAsync(Timeouts.Request);
        Assert.Equal("Bearer sk-test", authorization);
        Assert.Equal("?latencyMs=7", query);
        Assert.Equal([0.6f, 0.8f], (await response.ReadJsonAsync()).GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(n => n.GetSingle()));
    }

    private ApiFactory HttpBackendApi(Uri baseUrl, int timeoutSeconds = 10, string? apiKey = null) => new(output, new Dictionary<string, string?>
    {
        ["Backend:Kind"] = "Http",
        ["Backend:Http:BaseUrl"] = baseUrl.ToString(),
        ["Backend:Http:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Backend:Http:ApiKey"] = apiKey,
    });
}
