using WebDemo.Embedding.Measurement;

namespace WebDemo.Load.Tests;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void EveryPercentileIsWithinOnePercentOfTheExactValueFromMicrosecondsToMinutes(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 50_000).Select(_ => LogUniform(random, 1, 60L * 60 * 1_000_000)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }
        Array.Sort(values);

        foreach (var percentile in Percentiles)
        {
            var exact = values[(int)Math.Ceiling(percentile / 100 * values.Length) - 1];
            var reported = histogram.ValueAtPercentile(percentile);
            Assert.InRange(Math.Abs(reported - exact), 0, exact * 0.01);
        }
        Assert.Equal(values[0], histogram.MinMicroseconds);
        Assert.Equal(values[^1], histogram.MaxMicroseconds);
        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values.Average(), histogram.MeanMicroseconds, precision: 3);
    }

    [Fact]
    public void EveryBucketCoversAtMostOneSixtyFourthOfItsLowestValue()
    {
        for (var index = 0; index < LatencyHistogram.BucketCount - 1; index++)
        {
            var lowest = LatencyHistogram.LowestOf(index);
            var next = LatencyHistogram.LowestOf(index + 1);
            Assert.Equal(index, LatencyHistogram.IndexOf(lowest));
            Assert.Equal(index, LatencyHistogram.IndexOf(next - 1));
            Assert.True(next - lowest <= Math.Max(1, lowest / 64), $"bucket {index} [{lowest}, {next}) is too wide");
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void MergingHistogramsOfASplitEqualsRecordingEverythingInOne(int seed)
    {
        var random = new Random(seed);
        var whole = new LatencyHistogram();
        var parts = new[] { new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram() };
        for (var i = 0; i < 30_000; i++)
        {
            var value = LogUniform(random, 1, 10L * 60 * 1_000_000);
            whole.Record(value);
            parts[random.Next(parts.Length)].Record(value);
        }

        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        Assert.Equal(whole.Buckets(), merged.Buckets());
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.SumMicroseconds, merged.SumMicroseconds);
        Assert.Equal(whole.MinMicroseconds, merged.MinMicroseconds);
        Assert.Equal(whole.MaxMicroseconds, merged.MaxMicroseconds);
        foreach (var percentile in Percentiles)
        {
            Assert.Equal(whole.ValueAtPercentile(percentile), merged.ValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void AHistogramRebuiltFromItsBucketsReportsTheSamePercentiles()
    {
        var random = new Random(7);
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 10_000; i++)
        {
            histogram.Record(LogUniform(random, 100, 5_000_000));
        }

        var rebuilt = LatencyHistogram.FromBuckets(histogram.Buckets(), histogram.MinMicroseconds, histogram.MaxMicroseconds, histogram.SumMicroseconds);

        foreach (var percentile in Percentiles)
        {
            Assert.Equal(histogram.ValueAtPercentile(percentile), rebuilt.ValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void RecordingFromManyThreadsAtOnceLosesNothing()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                histogram.Record(1_000 + i);
            }
        });
        Assert.Equal(160_000, histogram.Count);
        Assert.Equal(160_000, histogram.Buckets().Sum(bucket => bucket.Count));
    }

    [Fact]
    public void AnEmptyHistogramReportsZero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.MinMicroseconds);
        Assert.Equal(0, histogram.MeanMicroseconds);
    }

    internal static long LogUniform(Random random, long min, long max) =>
        (long)Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min))));
}
