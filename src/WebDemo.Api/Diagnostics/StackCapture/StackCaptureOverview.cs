namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>The body of <c>GET /diagnostics/stacks/recent</c>: the feature's state and the kept captures, newest first.</summary>
public sealed record StackCaptureOverview(StackCaptureStatus Status, IReadOnlyList<StackCaptureSummary> Captures);
