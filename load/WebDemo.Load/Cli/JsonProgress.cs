using System.Text;
using System.Text.Json;
using WebDemo.Load.Engine;
using WebDemo.Load.Reports;
using WebDemo.Load.Results;

namespace WebDemo.Load.Cli;

/// <summary>
/// <c>compare</c> with JSON progress: one JSON object per line on standard output, for a program that drives the tool (the
/// API's lab). Every object has <c>event</c>: <c>cooling</c> (waiting for the server's pool to shrink), <c>start</c>
/// (a strategy begins; <c>threads</c> is the server's pool then), <c>progress</c> (once a second), <c>done</c>, and
/// finally <c>result</c> (each scenario's numbers, the comparison sentences or why there are none, the HTML report).
/// Other lines may appear between them; a reader keeps only lines that start with <c>{"event"</c>.
/// </summary>
internal static class JsonProgress
{
    private static readonly Lock Gate = new();

    public static void Cooling(string strategy, int index, int count, int threads, int goal) => Write(writer =>
    {
        Stage(writer, "cooling", strategy, index, count);
        writer.WriteNumber("threads", threads);
        writer.WriteNumber("goal", goal);
    });

    public static void Start(string strategy, int index, int count, int? threads, double seconds) => Write(writer =>
    {
        Stage(writer, "start", strategy, index, count);
        Optional(writer, "threads", threads);
        writer.WriteNumber("seconds", seconds);
    });

    /// <summary>Once a second until the strategy's load window and drain are over.</summary>
    public static async Task<ScenarioResult> RunAsync(ScenarioRunner runner, int index, int count, CancellationToken cancellationToken)
    {
        var running = runner.RunAsync(cancellationToken);
        var total = (runner.Settings.WarmUp + runner.Settings.Plan.Duration).TotalSeconds;
        var started = DateTimeOffset.UtcNow;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            var status = runner.Status();
            Write(writer =>
            {
                Stage(writer, "progress", runner.Settings.Name, index, count);
                writer.WriteNumber("elapsed", Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 1));
                writer.WriteNumber("seconds", total);
                writer.WriteString("phase", status.Phase.ToString().ToLowerInvariant());
                writer.WriteNumber("rps", status.LastSecondRequests);
                writer.WriteNumber("inFlight", status.InFlight);
                Optional(writer, "threads", status.Server?.ThreadCount);
            });
        }
        var result = await running;
        Write(writer => Stage(writer, "done", runner.Settings.Name, index, count));
        return result;
    }

    /// <summary>The closing line: what the lab's table and sentence are made of.</summary>
    public static void Result(LoadReport report, string folder) => Write(writer =>
    {
        writer.WriteString("event", "result");
        writer.WriteString("report", Path.Combine(folder, "report.html"));
        writer.WriteStartArray("sentences");
        foreach (var line in Comparison.Lines(report))
        {
            writer.WriteStringValue(line);
        }
        writer.WriteEndArray();
        if (Comparison.WhyNoRatio(report) is { } why)
        {
            writer.WriteString("noRatio", why);
        }
        writer.WriteStartArray("scenarios");
        foreach (var scenario in report.Scenarios)
        {
            writer.WriteStartObject();
            writer.WriteString("name", scenario.Name);
            writer.WriteNumber("rps", Math.Round(scenario.OkRps, 1));
            writer.WriteNumber("p50Ms", Ms(ReportText.Percentile(scenario.Latency, 50)));
            writer.WriteNumber("p99Ms", Ms(ReportText.Percentile(scenario.Latency, 99)));
            writer.WriteNumber("healthP99Ms", Ms(Comparison.HealthP99(scenario)));
            writer.WriteNumber("ok", scenario.Requests.Ok);
            writer.WriteNumber("failed", scenario.Requests.Failed + scenario.Requests.Dropped);
            Optional(writer, "threadsAtStart", scenario.ServerThreadsAtStart);
            Optional(writer, "maxThreads", scenario.Server.MaxThreads);
            if (scenario.Server.MaxSchedulingDelayMs is { } delay)
            {
                writer.WriteNumber("worstSchedulingDelayMs", Math.Round(delay, 1));
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000, 1);

    private static void Stage(Utf8JsonWriter writer, string name, string strategy, int index, int count)
    {
        writer.WriteString("event", name);
        writer.WriteString("strategy", strategy);
        writer.WriteNumber("index", index);
        writer.WriteNumber("count", count);
    }

    private static void Optional(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        lock (Gate)
        {
            Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            Console.Out.Flush();
        }
    }
}
