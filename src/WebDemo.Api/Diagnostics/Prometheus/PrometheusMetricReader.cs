using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace WebDemo.Api.Diagnostics.Prometheus;

/// <summary>
/// A pull metric reader for Prometheus: nothing is exported on a timer; each scrape of <c>/metrics</c> asks the SDK to
/// collect (cumulative temporality, as Prometheus expects) and turns the result into text exposition.
/// Stands in for the OpenTelemetry Prometheus exporter package, which cannot be restored here.
/// </summary>
public sealed class PrometheusMetricReader : BaseExportingMetricReader
{
    private readonly TextExporter _exporter;
    private readonly SemaphoreSlim _scrape = new(1, 1);

    public PrometheusMetricReader()
        : this(new TextExporter())
    {
    }

    private PrometheusMetricReader(TextExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
    }

    /// <summary>Collects every instrument now and returns the exposition text.</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        // One collection at a time; a second scraper waits asynchronously instead of blocking a pool thread.
        await _scrape.WaitAsync(cancellationToken);
        try
        {
            return Collect(timeoutMilliseconds: 5_000)
                ? _exporter.LastScrape
                : throw new TimeoutException("Collecting the metrics did not finish within 5 s.");
        }
        finally
        {
            _scrape.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scrape.Dispose();
        }
        base.Dispose(disposing);
    }

    // The batch is only valid during Export, so it is serialized right here. No [ExportModes(Pull)]: the SDK lets a
    // pull-only reader collect only from inside its own (internal) scrape scope, so this one is called like a push
    // reader; the SDK's flush at shutdown merely refreshes the text once more.
    private sealed class TextExporter : BaseExporter<Metric>
    {
        public string LastScrape { get; private set; } = "";

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var metrics = new List<Metric>((int)batch.Count);
            foreach (var metric in batch)
            {
                metrics.Add(metric);
            }
            LastScrape = PrometheusTextSerializer.Serialize(metrics, ParentProvider?.GetResource());
            return ExportResult.Success;
        }
    }
}
