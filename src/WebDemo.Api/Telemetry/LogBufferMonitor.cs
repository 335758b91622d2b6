using Serilog.Sinks.Async;

namespace WebDemo.Api.Telemetry;

/// <summary>
/// Watches the log buffers of Serilog.Sinks.Async (the <c>Async</c> sink of the <c>Serilog</c> configuration section
/// names <see cref="Instance"/> as its monitor): how many events were dropped because a buffer was full. Every logger
/// built from that configuration (the startup logger and the host's) reports here; the count covers the whole process.
/// </summary>
public sealed class LogBufferMonitor : IAsyncLogEventSinkMonitor
{
    private readonly Lock _lock = new();
    private readonly List<IAsyncLogEventSinkInspector> _buffers = [];
    private long _droppedByClosedBuffers;

    /// <summary>The monitor the configuration refers to (<c>"WebDemo.Api.Telemetry.LogBufferMonitor::Instance, WebDemo.Api"</c>).</summary>
    public static LogBufferMonitor Instance { get; } = new();

    /// <summary>Events dropped so far by every buffer, open or closed, since the process started.</summary>
    public long DroppedEvents
    {
        get
        {
            lock (_lock)
            {
                return _droppedByClosedBuffers + _buffers.Sum(buffer => buffer.DroppedMessagesCount);
            }
        }
    }

    /// <summary>The capacity of the most recently opened buffer (the host's), or null when none is open.</summary>
    public int? BufferSize
    {
        get
        {
            lock (_lock)
            {
                return _buffers.Count == 0 ? null : _buffers[^1].BufferSize;
            }
        }
    }

    void IAsyncLogEventSinkMonitor.StartMonitoring(IAsyncLogEventSinkInspector inspector)
    {
        lock (_lock)
        {
            _buffers.Add(inspector);
        }
    }

    void IAsyncLogEventSinkMonitor.StopMonitoring(IAsyncLogEventSinkInspector inspector)
    {
        lock (_lock)
        {
            if (_buffers.Remove(inspector))
            {
                _droppedByClosedBuffers += inspector.DroppedMessagesCount;
            }
        }
    }
}
