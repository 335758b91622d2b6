using Serilog.Core;
using Serilog.Events;

namespace WebDemo.Api.Logging;

/// <summary>
/// Adds <c>TraceContext</c> = " (trace … span …)" for the text console when the event has a trace, and nothing when it
/// has none (start-up, shutdown, background work), so those lines do not end in an empty "(trace  span )".
/// </summary>
internal sealed class TraceContextEnricher : ILogEventEnricher
{
    public const string PropertyName = "TraceContext";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var text = logEvent.TraceId is { } traceId ? $" (trace {traceId} span {logEvent.SpanId})" : string.Empty;
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, text));
    }
}
