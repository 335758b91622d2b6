using Microsoft.Extensions.Options;
using WebDemo.Api.Diagnostics.ThreadPoolSignals;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// When the capture thread takes a capture by itself: the scheduling delay has crossed <c>StackCapture:ThresholdMs</c>, and
/// the quiet time after the previous automatic capture is over. Used by the capture thread only, so it needs no lock.
/// </summary>
public sealed class AutomaticCapturePolicy(SchedulingDelayProbe probe, IOptions<StackCaptureOptions> options, TimeProvider timeProvider)
{
    private const int FrameworkOnlyQuietSeconds = 5;
    private readonly StackCaptureOptions _options = options.Value;
    private long? _quietUntil; // no automatic capture before this timestamp

    public bool IsDue()
    {
        if (!_options.Automatic || probe.Current.TotalMilliseconds < _options.ThresholdMs)
        {
            return false;
        }
        return _quietUntil is not { } until || timeProvider.GetTimestamp() >= until;
    }

    // A capture that found application code holding pool threads quiets automatic captures for the full interval; one that
    // found only framework work (e.g. the first requests' JIT compilation stalling the pool at start-up) for a few seconds,
    // so it does not hide the starvation that follows. A failed one (null), for the full interval.
    public void Captured(StackCaptureResult? result)
    {
        var quiet = result is null || result.Chains.Any(chain => chain.ApplicationCode)
            ? TimeSpan.FromSeconds(_options.MinIntervalSeconds)
            : TimeSpan.FromSeconds(Math.Min(FrameworkOnlyQuietSeconds, _options.MinIntervalSeconds));
        _quietUntil = timeProvider.GetTimestamp() + (long)(quiet.TotalSeconds * timeProvider.TimestampFrequency);
    }
}
