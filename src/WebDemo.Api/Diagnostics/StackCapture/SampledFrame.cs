namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>One managed frame: the method's full name (with its signature) and its assembly.</summary>
public sealed record SampledFrame(string Method, string Module);
