using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WebDemo.Api.StackCapture;

/// <summary>The stack-capture instruments, on the app's one meter.</summary>
public static class StackCaptureMetrics
{
    public const string TriggerTag = "trigger";
    public const string OutcomeTag = "outcome";

    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10];

    public static readonly Counter<long> Captures = AppSignals.Meter.CreateCounter<long>(
        "webdemo.stack_capture.captures", unit: "{capture}",
        description: "Stack captures taken, by trigger (automatic, on-demand) and outcome (ok, failed, unavailable).");

    public static readonly Histogram<double> Duration = AppSignals.Meter.CreateHistogram(
        "webdemo.stack_capture.duration", unit: "s",
        description: "Wall time of each stack capture: the sampling window, the rundown that names the methods, and the analysis.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static void Record(string trigger, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { TriggerTag, trigger }, { OutcomeTag, outcome } };
        Captures.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }
}
