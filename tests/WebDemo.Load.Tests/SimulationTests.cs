using WebDemo.Load.Simulations;

namespace WebDemo.Load.Tests;

public sealed class SimulationTests
{
    [Fact]
    public void ChainedSimulationsParseInNBomberTerms()
    {
        var simulations = SimulationParser.Parse("RampingInject(500, 1s, 10s) inject(500, 1s, 30s); pause(2s) keep-constant(50, 20s) ramping-constant(0, 5s)");

        Assert.Equal(
            [
                new LoadSimulation.RampingInject(500, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)),
                new LoadSimulation.Inject(500, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)),
                new LoadSimulation.Pause(TimeSpan.FromSeconds(2)),
                new LoadSimulation.KeepConstant(50, TimeSpan.FromSeconds(20)),
                new LoadSimulation.RampingConstant(0, TimeSpan.FromSeconds(5)),
            ],
            simulations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("inject(100, 1s)")]
    [InlineData("inject(100, 1s, 0s)")]
    [InlineData("keep-constant(-1, 10s)")]
    [InlineData("soak(10, 5s)")]
    [InlineData("inject(100, 1s, 10s) and more")]
    [InlineData("pause(10 parsecs)")]
    public void MalformedSimulationsAreRejectedWithTheSyntax(string text)
    {
        var exception = Assert.Throws<FormatException>(() => SimulationParser.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Fact]
    public void TheTextFormOfAPlanParsesBackToTheSamePlan()
    {
        var plan = new SimulationPlan(SimulationParser.Parse("ramping-inject(200, 1s, 5s) inject(200, 500ms, 1m) keep-constant(10, 1500ms)"));
        Assert.Equal(plan.Simulations, SimulationParser.Parse(plan.ToString()));
    }

    [Theory]
    [InlineData(100, 1, 10, 1000)]
    [InlineData(5, 1, 3, 15)]
    [InlineData(50, 2, 10, 250)]
    [InlineData(1000, 1, 2, 2000)]
    public void InjectStartsRatePerIntervalEvenlySpacedWithinTheStep(int rate, int intervalSeconds, int duringSeconds, int expected)
    {
        var plan = new SimulationPlan([new LoadSimulation.Inject(rate, TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromSeconds(duringSeconds))]);
        var step = plan.Steps[0];
        var gap = TimeSpan.FromSeconds((double)intervalSeconds / rate);

        Assert.Equal(expected, step.ScheduledRequests);
        var starts = Enumerable.Range(0, expected).Select(index => step.IntendedStartOf(index)).ToList();
        Assert.Equal(TimeSpan.Zero, starts[0]);
        Assert.True(starts[^1] < step.During);
        for (var index = 1; index < starts.Count; index++)
        {
            Assert.InRange(starts[index] - starts[index - 1], gap - TimeSpan.FromTicks(2), gap + TimeSpan.FromTicks(2));
        }
    }

    [Fact]
    public void RampingInjectClimbsLinearlyFromThePreviousRate()
    {
        var plan = new SimulationPlan(SimulationParser.Parse("ramping-inject(100, 1s, 10s) inject(100, 1s, 10s) ramping-inject(0, 1s, 10s)"));
        var up = plan.Steps[0];

        // The area under a 0 → 100/s line over 10 s.
        Assert.Equal(500, up.ScheduledRequests);
        Assert.Equal(0, up.StartRate);
        Assert.Equal(100, up.EndRate);
        var starts = Enumerable.Range(0, 500).Select(index => up.IntendedStartOf(index).TotalSeconds).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.True(starts[^1] < 10);
        // Rate at t is 10·t, so by t = 5 s a quarter of the requests have started.
        Assert.InRange(starts.Count(at => at < 5), 124, 126);

        Assert.Equal(100, plan.Steps[2].StartRate);
        Assert.Equal(500, plan.Steps[2].ScheduledRequests);
        Assert.InRange(Enumerable.Range(0, 500).Count(index => plan.Steps[2].IntendedStartOf(index).TotalSeconds < 5), 374, 376);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Duration);
        Assert.Equal(2000, plan.ScheduledRequests);
    }

    [Fact]
    public void ClosedStepsKeepOrRampTheirVirtualUsers()
    {
        var plan = new SimulationPlan(SimulationParser.Parse("keep-constant(20, 10s) ramping-constant(60, 10s) pause(1s)"));

        Assert.Equal(20, plan.Steps[0].CopiesAt(TimeSpan.FromSeconds(7)));
        Assert.Equal(20, plan.Steps[1].CopiesAt(TimeSpan.Zero));
        Assert.Equal(40, plan.Steps[1].CopiesAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(60, plan.Steps[1].CopiesAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(60, plan.MaxCopies);
        Assert.Equal(0, plan.ScheduledRequests);
        Assert.Equal(TimeSpan.FromSeconds(20), plan.Steps[2].Offset);
    }

    [Fact]
    public void TheWarmUpIsThePlansOpeningCutToLength()
    {
        var plan = new SimulationPlan(SimulationParser.Parse("inject(10, 1s, 3s) keep-constant(5, 10s)"));

        var warmUp = plan.Truncate(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), warmUp.Duration);
        Assert.Equal(new LoadSimulation.KeepConstant(5, TimeSpan.FromSeconds(2)), warmUp.Simulations[1]);
    }

    [Theory]
    [InlineData("500ms", 500_000)]
    [InlineData("1.5s", 1_500_000)]
    [InlineData("2m", 120_000_000)]
    [InlineData("250us", 250)]
    public void DurationsReadAsPeopleWriteThem(string text, long microseconds) =>
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), DurationText.Parse(text));
}
