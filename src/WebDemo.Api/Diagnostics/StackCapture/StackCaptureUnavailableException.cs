namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>The runtime's diagnostic port is closed, so the process cannot sample itself.</summary>
public sealed class StackCaptureUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public const string PortClosedReason =
        "the runtime's diagnostic port is not available (DOTNET_EnableDiagnostics=0 or DOTNET_EnableDiagnostics_IPC=0 turns it off)";
}
