using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;

namespace WebDemo.Observability.Tests;

/// <summary>
/// The stack routes show the code's structure, so they follow the admin lever: absent unless Admin:Enabled, and then only
/// for the admin key. And a process that cannot sample itself still starts, and says the feature is off.
/// </summary>
public sealed class StackCaptureAccessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WithoutTheAdminLeverTheStackRoutesDoNotExist()
    {
        await using var app = await AppProcess.StartAsync("WebDemo.Api", log: output.WriteLine);
        using var client = app.CreateClient(TimeSpan.FromSeconds(30));
        client.DefaultRequestHeaders.Add("X-Api-Key", StackCaptureApp.Key);

        foreach (var path in new[] { "/diagnostics/stacks", "/diagnostics/stacks/recent", "/diagnostics/stacks/1" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        // The public status route says so, and names no code.
        var access = await client.GetFromJsonAsync<JsonElement>("/diagnostics/stack-capture");
        Assert.False(access.GetProperty("routesEnabled").GetBoolean());
        Assert.True(access.GetProperty("status").GetProperty("available").GetBoolean(), access.ToString());
    }

    [Fact]
    public async Task WithTheAdminLeverOnlyTheAdminKeyGetsCaptures()
    {
        await using var app = await StackCaptureApp.StartAsync(output);
        using var anonymous = app.Process.CreateClient(TimeSpan.FromSeconds(30));

        using var missing = await anonymous.GetAsync("/diagnostics/stacks");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/diagnostics/stacks/recent");
        wrong.Headers.Add("X-Api-Key", StackCaptureApp.Key + "x");
        using var wrongKey = await anonymous.SendAsync(wrong);
        using var captured = await app.Client.GetAsync("/diagnostics/stacks");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        var capture = await captured.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("on-demand", capture.GetProperty("trigger").GetString());
        Assert.True(capture.GetProperty("sampledPoolThreads").GetInt32() >= 1, capture.ToString());
        var recent = await app.RecentAsync();
        Assert.Equal(capture.GetProperty("id").GetInt64(), recent.GetProperty("captures")[0].GetProperty("id").GetInt64());
        using var gone = await app.Client.GetAsync("/diagnostics/stacks/999999");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WithTheDiagnosticPortDisabledTheApiStartsAndReportsCaptureOff()
    {
        await using var app = await StackCaptureApp.StartAsync(output, new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });

        var status = (await app.RecentAsync()).GetProperty("status");
        using var capture = await app.Client.GetAsync("/diagnostics/stacks");
        var problem = await capture.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(status.GetProperty("available").GetBoolean());
        Assert.Contains("DOTNET_EnableDiagnostics", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, capture.StatusCode);
        Assert.Contains("diagnostic port", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(app.Process.Output, line => line.Contains("Stack capture is off", StringComparison.Ordinal));
        using var health = await app.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
