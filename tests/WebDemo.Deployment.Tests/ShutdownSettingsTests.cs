using WebDemo.Processes;

namespace WebDemo.Deployment.Tests;

/// <summary>
/// The shutdown setting compose passes (Shutdown__TimeoutSeconds) is validated at startup. The drain itself — requests
/// in flight answered on SIGTERM, new connections turned away, exit 0 — is shown by <c>docker-compose down</c> in
/// tests/WebDemo.Containers.Tests.
/// </summary>
public sealed class ShutdownSettingsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnOutOfRangeShutdownTimeoutStopsTheApiAtStartupNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync("WebDemo.Api",
            new Dictionary<string, string> { ["Shutdown__TimeoutSeconds"] = "0" }, startTimeout: TimeSpan.FromSeconds(30)));
        Assert.Contains("TimeoutSeconds", failure.Message, StringComparison.Ordinal);
        output.WriteLine(failure.Message.Split(Environment.NewLine).First(line => line.Contains("TimeoutSeconds", StringComparison.Ordinal)));
    }
}
