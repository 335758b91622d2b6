using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// Stack capture (section <c>StackCapture</c>): an EventPipe sample of every managed thread's stack, taken on demand and
/// automatically when the pool starves. The routes follow the admin lever (<c>Admin:Enabled</c> and its key).
/// </summary>
public sealed class StackCaptureOptions
{
    public const string SectionName = "StackCapture";

    /// <summary>The off switch for the whole feature: no capture at all, automatic or on demand, when false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Capture automatically when the scheduling delay crosses <see cref="ThresholdMs"/>.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>The scheduling delay (a work item's wait for a pool thread) that triggers an automatic capture.</summary>
    [Range(10, 600_000)]
    public int ThresholdMs { get; set; } = 500;

    /// <summary>At most one automatic capture per this many seconds: starvation lasts, and one picture of it is enough.</summary>
    [Range(1, 86_400)]
    public int MinIntervalSeconds { get; set; } = 30;

    /// <summary>How long the sampler runs; every managed thread is sampled about once a millisecond meanwhile.</summary>
    [Range(10, 2_000)]
    public int WindowMs { get; set; } = 50;

    /// <summary>The EventPipe session's buffer; events past it are dropped rather than held in memory.</summary>
    [Range(4, 256)]
    public int BufferSizeMb { get; set; } = 32;

    /// <summary>Captures kept in memory (oldest dropped first).</summary>
    [Range(1, 100)]
    public int Keep { get; set; } = 10;

    /// <summary>Frames from assemblies whose name starts with this are the application's; all others are framework.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApplicationAssemblyPrefix { get; set; } = "WebDemo";

    /// <summary>Application frames kept in a call chain's name, from the leaf down.</summary>
    [Range(1, 20)]
    public int ApplicationFramesPerChain { get; set; } = 3;
}
