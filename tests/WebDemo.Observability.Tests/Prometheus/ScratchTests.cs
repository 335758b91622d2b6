using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using WebDemo.Api.Diagnostics.Prometheus;

namespace WebDemo.Observability.Tests.Prometheus;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Scratch()
    {
        using var meter = new Meter("scratch");
        var reader = new PrometheusMetricReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter("scratch").AddReader(reader).Build();
        meter.CreateCounter<long>("a.b", "s").Add(3);
        output.WriteLine(await reader.ScrapeAsync(default));
    }
}
