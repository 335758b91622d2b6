using System.Net.Http.Json;
using System.Text.RegularExpressions;
using WebDemo.Observability.Tests.Infrastructure;
using WebDemo.Processes;
using WebDemo.Testing;

namespace WebDemo.Observability.Tests;

/// <summary>Traces, metrics and log lines leaving a real API process, with OTLP pointed at a stand-in collector.</summary>
public sealed partial class TelemetryExportTests
{
    private static readonly TimeSpan TelemetryWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task OtlpReceivesBackendSpansAndAppMetricsWhenTheEndpointIsSet()
    {
        await using var collector = new OtlpReceiver();
        await using var app = await AppProcess.StartAsync("WebDemo.Api", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var client = app.CreateClient(TimeSpan.FromSeconds(30));

        using var response = await client.PostAsJsonAsync("/embeddings/batched", new { input = "one" });
        response.EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(() => collector.TextOf("/v1/traces").Contains("embeddings.backend", StringComparison.Ordinal)
            && collector.TextOf("/v1/traces").Contains("/embeddings/batched", StringComparison.Ordinal) // the server span, with its http.route
            && collector.TextOf("/v1/metrics").Contains("webdemo.thread_pool.scheduling_delay", StringComparison.Ordinal)
            // Metrics are exported on their own interval, so wait for the export that includes the finished request too.
            && collector.TextOf("/v1/metrics").Contains("webdemo.strategy.request.duration", StringComparison.Ordinal),
            TelemetryWait, "the collector received the request's spans and metrics");
        var traces = collector.TextOf("/v1/traces");
        Assert.Contains("webdemo-api", traces); // the resource's service.name
        Assert.Contains("webdemo.backend.batch_size", traces);
        Assert.Contains("webdemo.strategy.request.duration", collector.TextOf("/v1/metrics"));
    }

    [Fact]
    public async Task LogLinesCarryTraceAndSpanIds()
    {
        await using var app = await AppProcess.StartAsync("WebDemo.Api");
        using var client = app.CreateClient(TimeSpan.FromSeconds(30));

        using var response = await client.PostAsJsonAsync("/embeddings/async", new { input = "trace me" });
        response.EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(() => app.Output.Any(line => line.Contains("/embeddings/async", StringComparison.Ordinal)),
            TelemetryWait, "the request's log line was written");
        var line = app.Output.First(line => line.Contains("/embeddings/async", StringComparison.Ordinal));
        Assert.Matches(TraceAndSpan(), line);
    }

    [GeneratedRegex(@"\(trace [0-9a-f]{32} span [0-9a-f]{16}\)")]
    private static partial Regex TraceAndSpan();
}
