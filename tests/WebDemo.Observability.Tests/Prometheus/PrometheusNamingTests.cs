using WebDemo.Api.Diagnostics.Prometheus;

namespace WebDemo.Observability.Tests.Prometheus;

public class PrometheusNamingTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", false, false, "http_server_request_duration_seconds")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, false, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.gc.collections", "{collection}", true, false, "dotnet_gc_collections_total")]
    [InlineData("webdemo.thread_pool.threads", "{thread}", false, true, "webdemo_thread_pool_threads")]
    [InlineData("kestrel.active_connections", "{connection}", false, true, "kestrel_active_connections")]
    [InlineData("process.cpu.utilization", "1", false, true, "process_cpu_utilization_ratio")]
    [InlineData("requests", "1", true, false, "requests_total")]
    [InlineData("network.io", "By/s", false, true, "network_io_bytes_per_second")]
    [InlineData("already_seconds", "s", false, false, "already_seconds")]
    [InlineData("jobs_total", "{job}", true, false, "jobs_total")]
    [InlineData("my-app/queue depth", "", false, true, "my_app_queue_depth")]
    [InlineData("2xx.responses", null, true, false, "_2xx_responses_total")]
    public void MetricNamesFollowTheOpenTelemetryPrometheusRules(string name, string? unit, bool isCounter, bool isGauge, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(name, unit, isCounter, isGauge));

    [Theory]
    [InlineData("webdemo.strategy", "webdemo_strategy")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("error.type", "error_type")]
    [InlineData("a:b", "a_b")]
    public void LabelNamesBecomeValidIdentifiers(string name, string expected) =>
        Assert.Equal(expected, PrometheusNaming.LabelName(name));

    [Fact]
    public void LabelValuesEscapeBackslashQuoteAndNewline() =>
        Assert.Equal("C:\\\\temp \\\"quoted\\\"\\nnext", PrometheusNaming.EscapeLabelValue("C:\\temp \"quoted\"\nnext"));

    [Fact]
    public void HelpTextEscapesBackslashAndNewlineButNotQuotes() =>
        Assert.Equal("a \\\\ b \"c\"\\nd", PrometheusNaming.EscapeHelp("a \\ b \"c\"\nd"));

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.005, "0.005")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(60.0, "60")]
    public void ValuesAreFormattedAsPrometheusParsesThem(double value, string expected) =>
        Assert.Equal(expected, PrometheusNaming.FormatValue(value));

    [Fact]
    public void AttributeValuesAreFormattedInvariantly()
    {
        Assert.Equal("true", PrometheusNaming.FormatAttribute(true));
        Assert.Equal("1.5", PrometheusNaming.FormatAttribute(1.5));
        Assert.Equal("200", PrometheusNaming.FormatAttribute(200));
        Assert.Equal("[a,b]", PrometheusNaming.FormatAttribute(new List<string> { "a", "b" }));
        Assert.Equal("", PrometheusNaming.FormatAttribute(null));
    }
}
