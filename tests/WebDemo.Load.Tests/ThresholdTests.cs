using WebDemo.Embedding.Measurement;
using WebDemo.Load.Results;
using WebDemo.Load.Thresholds;

namespace WebDemo.Load.Tests;

public sealed class ThresholdTests
{
    [Theory]
    [InlineData("p99 < 500ms", "p99", "<", 500_000)]
    [InlineData("p99.9<=2s", "p99.9", "<=", 2_000_000)]
    [InlineData("fail-rate < 1%", "fail-rate", "<", 1)]
    [InlineData("rps > 100", "rps", ">", 100)]
    [InlineData("ok-rps >= 1950.5", "ok-rps", ">=", 1950.5)]
    [InlineData("health-p99 < 50ms", "health-p99", "<", 50_000)]
    [InlineData("MAX < 1m", "max", "<", 60_000_000)]
    [InlineData("dropped <= 0", "dropped", "<=", 0)]
    public void ThresholdsParseIntoMetricOperatorAndLimit(string text, string metric, string op, double limit)
    {
        var threshold = Threshold.Parse(text);

        Assert.Equal(metric, threshold.Metric);
        Assert.Equal(op, threshold.Operator);
        Assert.Equal(limit, threshold.Limit, precision: 6);
    }

    [Theory]
    [InlineData("p99 500ms")]
    [InlineData("p99 < fast")]
    [InlineData("p101 < 5ms")]
    [InlineData("fail-rate < 1")]
    [InlineData("rps > many")]
    [InlineData("latency < 5ms")]
    [InlineData("health-rps > 5")]
    public void MalformedThresholdsAreRejected(string text) =>
        Assert.Throws<FormatException>(() => Threshold.Parse(text));

    [Fact]
    public void ThresholdsAreJudgedOnTheScenarioResult()
    {
        var latency = new LatencyHistogram();
        for (var i = 1; i <= 100; i++)
        {
            latency.Record(i * 10_000L);
        }
        var result = new ScenarioResult
        {
            Name = "async", Target = "http://x", Method = "POST", Path = "/embeddings/async", Model = "closed", Simulations = "keep-constant(1, 2s)",
            DurationSeconds = 2,
            Requests = new RequestCounts { Ok = 98, Failed = 2, Total = 100 },
            Latency = HistogramData.From(latency),
            TimeSeries = [new SecondSample { Second = 0, Requests = 50, Ok = 49 }, new SecondSample { Second = 1, Requests = 50, Ok = 49 }],
        };

        Assert.True(Threshold.Parse("p99 < 1s").Evaluate(result).Passed);
        Assert.False(Threshold.Parse("p99 < 500ms").Evaluate(result).Passed);
        Assert.InRange(Threshold.Parse("p99 < 500ms").Evaluate(result).Actual, 982, 998);
        Assert.False(Threshold.Parse("fail-rate < 1%").Evaluate(result).Passed);
        Assert.True(Threshold.Parse("fail-rate <= 2%").Evaluate(result).Passed);
        Assert.True(Threshold.Parse("rps >= 50").Evaluate(result).Passed);
        Assert.False(Threshold.Parse("ok-rps > 49").Evaluate(result).Passed);
    }
}
