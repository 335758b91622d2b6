using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace WebDemo.Testing;

/// <summary>
/// Writes the app's log lines to xunit's per-test output, so a failing test shows what the server did, and keeps them
/// for tests that assert on what the app logged. With no output (a fixture shared by several tests has none) the lines
/// are only kept.
/// </summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper? output) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(ITestOutputHelper? output, string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"[{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : $"{Environment.NewLine}{exception}")}";
            lines.Enqueue(line);
            try
            {
                output?.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished (a background service logging during shutdown): xunit refuses late lines.
            }
        }
    }
}
