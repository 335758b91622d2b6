namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>A frame of a call chain: its readable name, and whether it is the application's own code.</summary>
public sealed record ChainFrame(string Name, bool Application);
