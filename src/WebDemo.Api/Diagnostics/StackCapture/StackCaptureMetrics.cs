using System.Diagnostics;
using System.Diagnostics.Metrics;
using WebDemo.Api.Telemetry;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>The stack-capture instruments, on the app's meter (created through <see cref="IMeterFactory"/>).</summary>
public sealed class StackCaptureMetrics
{
    public const string TriggerTag = "trigger";
    public const string OutcomeTag = "outcome";

    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10];

    private readonly Counter<long> _captures;
    private readonly Histogram<double> _duration;

    public StackCaptureMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AppDiagnostics.Name, AppDiagnostics.Version);
        _captures = meter.CreateCounter<long>(
            "webdemo.stack_capture.captures", unit: "{capture}",
            description: "Stack captures taken, by trigger (automatic, on-demand) and outcome (ok, failed, unavailable).");
        _duration = meter.CreateHistogram(
            "webdemo.stack_capture.duration", unit: "s",
            description: "Wall time of each stack capture: the sampling window, the rundown that names the methods, and the analysis.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public void Record(string trigger, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { TriggerTag, trigger }, { OutcomeTag, outcome } };
        _captures.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
