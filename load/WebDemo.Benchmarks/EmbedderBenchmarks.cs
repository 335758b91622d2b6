using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using WebDemo.Embedding;

namespace WebDemo.Benchmarks;

/// <summary>
/// Throughput of <see cref="HashingEmbedder"/>: how many MB of UTF-8 text one core turns into vectors per second
/// (target ≥ 50 MB/s). Allocations must stay at zero: every buffer is a stack span or pooled.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class EmbedderBenchmarks
{
    private readonly HashingEmbedder _embedder = new();
    private readonly float[] _vector = new float[HashingEmbedder.DefaultDimensions];
    private string _text = "";

    [ParamsAllValues]
    public TextSize Size { get; set; }

    [GlobalSetup]
    public void Setup() => _text = SampleTexts.For(Size);

    [Benchmark]
    public int Embed() => _embedder.Embed(_text, _vector);
}

internal static class SampleTexts
{
    public const string Sentence = "How can I reset my password?";

    public const string Paragraph =
        "Thread-pool starvation happens when every pool thread is blocked waiting for something, so new work " +
        "queues up even though the CPU is idle. The runtime injects threads slowly, one or two per second, " +
        "because more threads usually make CPU-bound work slower, not faster. Asynchronous code avoids the " +
        "problem altogether: while a request waits for a database, a remote model or a timer, no thread is " +
        "held, and a handful of threads can serve thousands of concurrent requests. That is the whole point " +
        "of async and await on a server, and it is what this demo makes visible, one strategy at a time.";

    public static string For(TextSize size) => size switch
    {
        TextSize.Sentence => Sentence,
        TextSize.Paragraph => Paragraph,
        TextSize.Document => Document(64 * 1024),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, null),
    };

    private static string Document(int bytes)
    {
        var builder = new StringBuilder(bytes + Paragraph.Length);
        var i = 0;
        while (Encoding.UTF8.GetByteCount(builder.ToString()) < bytes)
        {
            builder.Append(Paragraph).Append(i++ % 4 == 0 ? " Grüße aus Köln, naïve café. " : " ");
        }
        return builder.ToString();
    }
}

/// <summary>Adds "Text bytes" (UTF-8 bytes embedded per operation) and "MB/s" (those bytes ÷ the median time) columns.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        // Median and Min next to the Mean: on a shared machine other processes inflate the mean, rarely the median.
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddColumn(new TextColumn("Text bytes", "UTF-8 bytes of text embedded per operation", (bytes, _) => bytes));
        AddColumn(new TextColumn("MB/s", "Megabytes (10^6) of UTF-8 text embedded per second on one thread, from the median time",
            (bytes, medianNanoseconds) => bytes / (medianNanoseconds / 1e9) / 1e6));
    }

    private sealed class TextColumn(string name, string legend, Func<int, double, double> value) : IColumn
    {
        public string Id => $"{nameof(TextColumn)}.{name}";
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
            {
                return "NA";
            }
            var size = (TextSize)benchmarkCase.Parameters[nameof(EmbedderBenchmarks.Size)];
            var bytes = Encoding.UTF8.GetByteCount(SampleTexts.For(size));
            return value(bytes, statistics.Median).ToString("#,0.#", System.Globalization.CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
