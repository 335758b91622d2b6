using System.ComponentModel.DataAnnotations;

namespace WebDemo.Api.Telemetry;

/// <summary>How often dropped log events are reported (section <c>LogBuffer</c>; the buffer itself is the <c>Async</c> sink of <c>Serilog</c>).</summary>
public sealed class LogBufferOptions
{
    public const string SectionName = "LogBuffer";

    /// <summary>Seconds between two checks of the dropped-events count; a Warning is logged when it grew.</summary>
    [Range(1, 3600)]
    public int ReportIntervalSeconds { get; set; } = 10;
}
