using WebDemo.Load.Engine;
using WebDemo.Load.Engine.Transport;
using WebDemo.Load.Simulations;

namespace WebDemo.Load.Tests.Transport;

/// <summary>Which transport a scenario gets, and how the client's sockets are set up.</summary>
public sealed class TransportChoiceTests
{
    [Fact]
    public void HttpsTargetsGoThroughHttpClient()
    {
        static ScenarioSettings For(string target) => new()
        {
            Name = "t",
            Target = new Uri(target),
            Path = "/health/live",
            Plan = new SimulationPlan(SimulationParser.Parse("keep-constant(1, 1s)")),
        };

        using var plain = LoadTransport.Create(For("http://127.0.0.1:5000"));
        using var tls = LoadTransport.Create(For("https://127.0.0.1:5001"));

        Assert.IsType<Http1Transport>(plain);
        Assert.IsType<HttpClientTransport>(tls);
    }

    [Fact]
    public void TheClientRunsOneInlineEventLoopPerCore()
    {
        Assert.Equal("1", ClientSocketEngine.Settings[ClientSocketEngine.InlineCompletionsVariable]);
        Assert.Equal($"{Environment.ProcessorCount}", ClientSocketEngine.Settings[ClientSocketEngine.ThreadCountVariable]);
    }
}
