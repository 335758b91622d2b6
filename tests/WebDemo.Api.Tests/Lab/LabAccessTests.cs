using System.Net;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Lab;

/// <summary>
/// The lab outside Development (these tests run as "Testing"): no routes unless Lab:Enabled, then only with the admin
/// key; bad settings and unknown runs are ProblemDetails naming what was wrong.
/// </summary>
public sealed class LabAccessTests(ITestOutputHelper output)
{
    internal const string Key = "lab-test-admin-key-0123456789";

    [Theory]
    [InlineData("GET", "/lab/runs")]
    [InlineData("POST", "/lab/runs")]
    [InlineData("GET", "/lab/runs/abc")]
    [InlineData("DELETE", "/lab/runs/abc")]
    public async Task OutsideDevelopmentTheLabDoesNotExistUnlessEnabled(string method, string path)
    {
        await using var factory = new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).WaitAsync(Timeouts.Request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/lab/runs", null)]
    [InlineData("POST", "/lab/runs", null)]
    [InlineData("GET", "/lab/runs/abc", null)]
    [InlineData("DELETE", "/lab/runs/abc", null)]
    [InlineData("POST", "/lab/runs", "wrong-key-0123456789")]
    public async Task EnabledOutsideDevelopmentEveryLabRouteNeedsTheAdminKey(string method, string path, string? key)
    {
        await using var factory = Enabled(output);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await client.SendAsync(request).WaitAsync(Timeouts.Request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Empty(factory.GetRequiredService<WebDemo.Api.Lab.LabRunner>().Recent());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThePublicStatusSaysWhetherTheLabExistsAndNeedsTheKey(bool enabled)
    {
        await using var factory = enabled ? Enabled(output) : new ApiFactory(output);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/lab").WaitAsync(Timeouts.Request);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        var status = await response.ReadJsonAsync();
        Assert.Equal(enabled, status.GetProperty("routesEnabled").GetBoolean());
        Assert.True(status.GetProperty("keyRequired").GetBoolean());
    }

    [Fact]
    public async Task EnablingTheLabOutsideDevelopmentWithoutAnAdminKeyFailsAtStartNamingIt()
    {
        await using var factory = new ApiFactory(output, new Dictionary<string, string?> { ["Lab:Enabled"] = "true" });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Admin:ApiKey", $"{exception}{string.Join(Environment.NewLine, factory.Logs)}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"strategies": []}""", "strategies", "Name at least one strategy")]
    [InlineData("""{"strategies": ["blocking", "teleport"]}""", "strategies", "'teleport' is not a strategy")]
    [InlineData("""{"strategies": ["async", "async"]}""", "strategies", "Name each strategy once")]
    [InlineData("""{"clients": 0}""", "clients", "between 1 and 1,000; it was 0")]
    [InlineData("""{"clients": 1001}""", "clients", "between 1 and 1,000; it was 1001")]
    [InlineData("""{"seconds": 0}""", "seconds", "between 1 and 60; it was 0")]
    [InlineData("""{"seconds": 61}""", "seconds", "between 1 and 60; it was 61")]
    [InlineData("""{"latencyMs": 0}""", "latencyMs", "between 1 and 5,000; it was 0")]
    [InlineData("""{"latencyMs": 5001}""", "latencyMs", "between 1 and 5,000; it was 5001")]
    public async Task ASettingOutOfBoundsIsAProblemNamingTheField(string body, string field, string message)
    {
        await using var factory = Enabled(output);
        using var client = KeyedClient(factory);

        using var response = await client.PostJsonAsync("/lab/runs", body);

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(property => property.Name));
        Assert.Contains(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(factory.GetRequiredService<WebDemo.Api.Lab.LabRunner>().Recent());
    }

    [Theory]
    [InlineData("GET", "/lab/runs/no-such-run")]
    [InlineData("DELETE", "/lab/runs/no-such-run")]
    [InlineData("GET", "/lab/runs/no-such-run/report")]
    public async Task AnUnknownRunIsNotFound(string method, string path)
    {
        await using var factory = Enabled(output);
        using var client = KeyedClient(factory);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).WaitAsync(Timeouts.Request);

        await response.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Contains("no lab run 'no-such-run'", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    internal static ApiFactory Enabled(ITestOutputHelper output, IReadOnlyDictionary<string, string?>? more = null) =>
        new(output, new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
        {
            ["Lab:Enabled"] = "true",
            ["Admin:ApiKey"] = Key,
        });

    internal static HttpClient KeyedClient(ApiFactory factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
