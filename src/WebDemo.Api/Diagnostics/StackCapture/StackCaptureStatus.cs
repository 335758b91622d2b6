namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>Whether stack capture works in this process, and how it is set.</summary>
/// <param name="Enabled">StackCapture:Enabled.</param>
/// <param name="Available">Whether the process can sample itself (false when the runtime's diagnostic port is off).</param>
/// <param name="Reason">Why not, when it is off or unavailable.</param>
/// <param name="Automatic">Whether a starving pool triggers a capture.</param>
/// <param name="ThresholdMs">The scheduling delay that triggers one.</param>
/// <param name="MinIntervalSeconds">At most one automatic capture per this many seconds.</param>
/// <param name="Capturing">Whether a capture is running now.</param>
public sealed record StackCaptureStatus(
    bool Enabled, bool Available, string? Reason, bool Automatic, int ThresholdMs, int MinIntervalSeconds, bool Capturing);
