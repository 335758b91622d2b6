using Microsoft.Extensions.Options;
using WebDemo.Testing;

namespace WebDemo.Api.Tests.Configuration;

/// <summary>A bad setting stops the app at start-up with a message that names it, instead of failing the first request.</summary>
public sealed class OptionsValidationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Embeddings:Dimensions=0", "Dimensions", "between 8 and 4096")]
    [InlineData("Embeddings:Dimensions=5000", "Dimensions", "between 8 and 4096")]
    [InlineData("Embeddings:MaxInFlightInputs=0", "MaxInFlightInputs", "between 1 and")]
    [InlineData("Embeddings:MaxBatchInputs=-1", "MaxBatchInputs", "between 1 and")]
    [InlineData("Embeddings:Model=", "Model", "required")]
    [InlineData("Backend:Simulated:BaseLatencyMs=-1", "BaseLatencyMs", "between 0 and")]
    [InlineData("Backend:Kind=Http;Backend:Http:BaseUrl=", "Backend:Http:BaseUrl", "must be an absolute URL when Backend:Kind is Http")]
    [InlineData("Backend:Kind=Http;Backend:Http:BaseUrl=v1/", "Backend:Http:BaseUrl", "must be an absolute URL")]
    [InlineData("Backend:Kind=Http;Backend:Http:TimeoutSeconds=0", "TimeoutSeconds", "between 1 and 3600")]
    [InlineData("StackCapture:ThresholdMs=0", "ThresholdMs", "between 10 and")]
    [InlineData("StackCapture:WindowMs=100000", "WindowMs", "between 10 and 2000")]
    [InlineData("StackCapture:ApplicationAssemblyPrefix=", "ApplicationAssemblyPrefix", "required")]
    public async Task ABadSettingFailsAtStartNamingIt(string settings, string named, string reason)
    {
        var overrides = settings.Split(';').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => (string?)pair[1]);
        await using var factory = new ApiFactory(output, overrides);

        var why = WhyStartFailed(factory);

        Assert.Contains(nameof(OptionsValidationException), why, StringComparison.Ordinal);
        Assert.Contains(named, why, StringComparison.Ordinal);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownBackendKindFailsAtStartNamingTheSetting()
    {
        await using var factory = new ApiFactory(output, new Dictionary<string, string?> { ["Backend:Kind"] = "CarrierPigeon" });

        var why = WhyStartFailed(factory);

        Assert.Contains("Backend:Kind", why, StringComparison.Ordinal);
    }

    // The host logs why it could not start ("Hosting failed to start" with the exception). The exception that reaches
    // the caller is usually that one, but WebApplicationFactory sometimes reports the disposed host instead, so both count.
    private static string WhyStartFailed(ApiFactory factory)
    {
        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        return $"{exception}{Environment.NewLine}{string.Join(Environment.NewLine, factory.Logs)}";
    }
}
