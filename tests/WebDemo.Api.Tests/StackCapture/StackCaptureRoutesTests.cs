using System.Text.Json.Nodes;
using WebDemo.Api.Tests.Infrastructure;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.StackCapture;

/// <summary>
/// The stack routes exist only with the admin lever (so the checked-in OpenAPI snapshot, taken without it, has none);
/// with it they are documented like every other route.
/// </summary>
public sealed class StackCaptureRoutesTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/diagnostics/stacks", "503")]
    [InlineData("/diagnostics/stacks/recent", null)]
    [InlineData("/diagnostics/stacks/{id}", "404")]
    public async Task WithTheAdminLeverEachStackRouteIsDocumented(string path, string? problemStatus)
    {
        await using var factory = new ApiFactory(output, new Dictionary<string, string?>
        {
            ["Admin:Enabled"] = "true",
            ["Admin:ApiKey"] = "stack-capture-test-key-0123",
            ["StackCapture:Enabled"] = "false", // documentation only: no capture thread in the test host
        });
        using var client = factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json").WaitAsync(Timeouts.Request))!;
        var operation = document["paths"]?[path]?["get"];

        Assert.NotNull(operation);
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()));
        Assert.Equal("Diagnostics", operation["tags"]?[0]?.GetValue<string>());
        Assert.NotNull(operation["responses"]?["200"]?["content"]?["application/json"]);
        Assert.NotNull(operation["responses"]?["401"]);
        if (problemStatus is not null)
        {
            Assert.NotNull(operation["responses"]?[problemStatus]);
        }
    }
}
