namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>The body of <c>GET /diagnostics/stack-capture</c>: whether capture works, and whether its routes exist.</summary>
/// <param name="RoutesEnabled">Admin:Enabled: the /diagnostics/stacks routes exist only then.</param>
/// <param name="KeyHeader">The header those routes need the admin key in.</param>
/// <param name="Status">Whether this process can capture, and how capture is set.</param>
public sealed record StackCaptureAccess(bool RoutesEnabled, string KeyHeader, StackCaptureStatus Status);
