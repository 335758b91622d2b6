using System.Diagnostics;
using Serilog.Events;
using Serilog.Parsing;
using WebDemo.Api.Embeddings.Strategies;

namespace WebDemo.Api.Telemetry;

/// <summary>
/// Writes the one line per request when it completes (see <see cref="LoggingExtensions.UseRequestLogging"/>): what
/// Serilog.AspNetCore's request logging wrote, built straight from the request instead of through its per-request
/// diagnostic context (an async-local collector and a dictionary per request), which cost about 1 KB per request
/// (docs/performance.md).
/// </summary>
internal sealed class RequestCompletionLogging(RequestDelegate next, Serilog.ILogger logger)
{
    private const string Template =
        "{RequestMethod} {Route} [{Strategy}] answered {StatusCode} in {Elapsed:0.0} ms on threads {StartThread}->{EndThread}";

    private static readonly MessageTemplate CompletionTemplate = new MessageTemplateParser().Parse(Template);

    // Thread ids and status codes are small numbers: their property values are made once.
    private static readonly ScalarValue[] SmallNumbers = Enumerable.Range(0, 600).Select(n => new ScalarValue(n)).ToArray();

    private readonly Serilog.ILogger _logger = logger.ForContext<RequestCompletionLogging>();

    public async Task InvokeAsync(HttpContext context)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var startThread = Environment.CurrentManagedThreadId;
        try
        {
            await next(context);
        }
        catch (Exception exception) when (Log(context, StatusCodes.Status500InternalServerError, startedAt, startThread, exception))
        {
            // Never reached: Log returns false, and the exception goes on to the server unchanged.
        }
        Log(context, context.Response.StatusCode, startedAt, startThread, exception: null);
    }

    private bool Log(HttpContext context, int statusCode, long startedAt, int startThread, Exception? exception)
    {
        var level = exception is not null || statusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
        if (!_logger.IsEnabled(level))
        {
            return false;
        }
        var endpoint = context.GetEndpoint();
        var activity = Activity.Current;
        _logger.Write(new LogEvent(DateTimeOffset.Now, level, exception, CompletionTemplate,
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(context.Request.Path.Value)),
            new LogEventProperty("Route", new ScalarValue((endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "/")),
            new LogEventProperty("Strategy", new ScalarValue(endpoint?.Metadata.GetMetadata<EmbeddingStrategy>()?.Name ?? "-")),
            new LogEventProperty("StatusCode", Number(statusCode)),
            new LogEventProperty("Elapsed", new ScalarValue(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds)),
            new LogEventProperty("StartThread", Number(startThread)),
            new LogEventProperty("EndThread", Number(Environment.CurrentManagedThreadId)),
        ], activity?.TraceId ?? default, activity?.SpanId ?? default));
        return false;
    }

    private static ScalarValue Number(int value) =>
        (uint)value < (uint)SmallNumbers.Length ? SmallNumbers[value] : new ScalarValue(value);
}
