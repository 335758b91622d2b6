using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using WebDemo.Api.Diagnostics.Prometheus;

namespace WebDemo.Observability.Tests.Prometheus;

/// <summary>The exposition text of real SDK metrics: each test has a meter of its own, collected through the pull reader.</summary>
public sealed class PrometheusMetricReaderTests : IDisposable
{
    private readonly Meter _meter = new($"test.{Guid.NewGuid():N}");
    private readonly PrometheusMetricReader _reader = new();
    private readonly MeterProvider _provider;

    public PrometheusMetricReaderTests()
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.Clear().AddService("svc \"one\"", serviceVersion: "1.2.3", serviceInstanceId: "i-1"))
            .AddMeter(_meter.Name)
            .AddReader(_reader)
            .Build();
    }

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task CountersGetHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("orders.placed", "{order}", "Orders placed.");
        counter.Add(2, new KeyValuePair<string, object?>("shop.region", "eu"));
        counter.Add(3, new KeyValuePair<string, object?>("shop.region", "eu"));

        var text = await ScrapeAsync();

        Assert.Contains("# HELP orders_placed_total Orders placed.\n# TYPE orders_placed_total counter\norders_placed_total{shop_region=\"eu\"} 5\n", text);
    }

    [Fact]
    public async Task UpDownCountersAndGaugesAreGauges()
    {
        _meter.CreateUpDownCounter<int>("queue.depth", "{item}", "Items queued.").Add(-4);
        _meter.CreateObservableGauge("temperature", () => 21.5, "Cel", "Room temperature.");

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE queue_depth gauge\nqueue_depth -4\n", text);
        Assert.Contains("# TYPE temperature_celsius gauge\ntemperature_celsius 21.5\n", text);
    }

    [Fact]
    public async Task HistogramsHaveCumulativeBucketsInfSumAndCount()
    {
        var histogram = _meter.CreateHistogram("request.duration", "s", "Request duration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        histogram.Record(0.05, new KeyValuePair<string, object?>("route", "/a"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("route", "/a"));
        histogram.Record(0.7, new KeyValuePair<string, object?>("route", "/a"));
        histogram.Record(30, new KeyValuePair<string, object?>("route", "/a"));

        var text = await ScrapeAsync();

        Assert.Contains(
            "# HELP request_duration_seconds Request duration.\n" +
            "# TYPE request_duration_seconds histogram\n" +
            "request_duration_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n" +
            "request_duration_seconds_bucket{route=\"/a\",le=\"1\"} 3\n" +
            "request_duration_seconds_bucket{route=\"/a\",le=\"10\"} 3\n" +
            "request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4\n" +
            "request_duration_seconds_sum{route=\"/a\"} 31.25\n" +
            "request_duration_seconds_count{route=\"/a\"} 4\n", text);
    }

    [Fact]
    public async Task LabelValuesAndHelpAreEscaped()
    {
        _meter.CreateCounter<long>("escapes", description: "Line one\nline \\two").Add(1, new KeyValuePair<string, object?>("path", "C:\\x \"y\"\nz"));

        var text = await ScrapeAsync();

        Assert.Contains("# HELP escapes_total Line one\\nline \\\\two\n", text);
        Assert.Contains("escapes_total{path=\"C:\\\\x \\\"y\\\"\\nz\"} 1\n", text);
    }

    [Fact]
    public async Task TheResourceBecomesTargetInfo()
    {
        _meter.CreateCounter<long>("anything").Add(1);

        var text = await ScrapeAsync();

        Assert.StartsWith("# HELP target_info ", text);
        Assert.Contains("# TYPE target_info gauge\ntarget_info{service_name=\"svc \\\"one\\\"\",service_version=\"1.2.3\",service_instance_id=\"i-1\"} 1\n", text);
    }

    [Fact]
    public async Task GaugesNamedLikeHistogramSeriesAreLeftOut()
    {
        _meter.CreateObservableGauge("assembly.count", () => 7, "{assembly}");
        _meter.CreateObservableGauge("assemblies", () => 7, "{assembly}");

        var text = await ScrapeAsync();

        Assert.DoesNotContain("assembly_count", text);
        Assert.Contains("assemblies 7\n", text);
    }

    [Fact]
    public async Task CountersAreCumulativeAcrossScrapes()
    {
        var counter = _meter.CreateCounter<long>("ticks");
        counter.Add(1);
        await ScrapeAsync();
        counter.Add(1);

        Assert.Contains("ticks_total 2\n", await ScrapeAsync());
    }

    [Fact]
    public async Task EveryLineIsACommentOrASample()
    {
        _meter.CreateCounter<double>("mixed.values", "ms").Add(0.25, new KeyValuePair<string, object?>("ok", true));
        _meter.CreateHistogram<int>("sizes", "By").Record(300);

        var lines = (await ScrapeAsync()).TrimEnd('\n').Split('\n');

        Assert.All(lines, line => Assert.Matches(@"^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+)$", line));
        Assert.Contains("mixed_values_milliseconds_total{ok=\"true\"} 0.25", lines);
        Assert.Contains("sizes_bytes_sum 300", lines);
    }

    private Task<string> ScrapeAsync() => _reader.ScrapeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
}
