using WebDemo.Embedding.OpenAi;

namespace WebDemo.Embedding.Tests;

/// <summary>The TEI timing headers' values, as both the API and the upstream server write them.</summary>
public sealed class TimingHeadersTests
{
    [Theory]
    [InlineData(1_013_500, "101.35")]   // trailing zeros dropped
    [InlineData(1_000_000, "100")]      // no decimal point for a whole number
    [InlineData(20_015, "2.002")]       // three decimals, the half rounded away from zero (2.0015 ms)
    [InlineData(1, "0")]                // 0.0001 ms rounds to nothing
    [InlineData(-5_000, "0")]           // a clock read out of order never gives a negative time
    public void MillisecondsAreWrittenWithAtMostThreeDecimals(long ticks, string expected) =>
        Assert.Equal(expected, TimingHeaders.Milliseconds(TimeSpan.FromTicks(ticks)));
}
