using WebDemo.Load.Engine.Transport;

namespace WebDemo.Load.Tests;

/// <summary>How the load tool starts an API process of its own (<c>compare --api-dll</c>).</summary>
public sealed class ApiProcessTests
{
    [Fact]
    public void TheApiProcessesTheToolStartsNeverInheritTheClientsSocketSettings()
    {
        // What a child process would inherit from the load tool, which runs with the client's settings.
        var environment = new Dictionary<string, string?>(ClientSocketEngine.Settings.ToDictionary(pair => pair.Key, pair => (string?)pair.Value))
        {
            ["PATH"] = "/usr/bin",
        };

        Hosting.ApiProcess.PrepareEnvironment(environment, new Dictionary<string, string> { ["Backend__Simulated__BaseLatencyMs"] = "100" });

        Assert.All(ClientSocketEngine.Settings.Keys, name => Assert.DoesNotContain(name, environment.Keys));
        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("100", environment["Backend__Simulated__BaseLatencyMs"]);
    }

    [Fact]
    public void TheApiIsStartedWithItsDllAndAddress()
    {
        var start = Hosting.ApiProcess.CreateStartInfo("/app/WebDemo.Api.dll", new Uri("http://127.0.0.1:5000"), new Dictionary<string, string>());

        Assert.Equal("dotnet", start.FileName);
        Assert.Equal(["/app/WebDemo.Api.dll", "--urls", "http://127.0.0.1:5000"], start.ArgumentList);
        Assert.Equal("/app", start.WorkingDirectory);
    }
}
