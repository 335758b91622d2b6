using System.Diagnostics;

namespace WebDemo.Api.Diagnostics;

/// <summary>The process's CPU use between two calls (any caller's), from <see cref="Environment.CpuUsage"/>.</summary>
public sealed class ProcessCpu
{
    // The kernel counts CPU time in scheduler ticks (~4-10 ms), so a shorter window would be mostly rounding error.
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromMilliseconds(500);
    private readonly Lock _lock = new();
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastAt = Stopwatch.GetTimestamp();
    private double _lastPercent;

    public double SinceLastCall()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var wall = Stopwatch.GetElapsedTime(_lastAt, now);
            if (wall < MinimumWindow)
            {
                return _lastPercent; // a second caller within the window (dashboard and load tool together) sees the same value
            }
            var cpu = Environment.CpuUsage.TotalTime;
            _lastPercent = Math.Round(Math.Min(100, 100 * (cpu - _lastCpu) / wall / Environment.ProcessorCount), 1);
            (_lastCpu, _lastAt) = (cpu, now);
            return _lastPercent;
        }
    }
}
