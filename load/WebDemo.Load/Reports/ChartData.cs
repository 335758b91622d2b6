using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>Which seconds of a time series a chart may plot, and which seconds lack the server's sample.</summary>
internal static class ChartData
{
    /// <summary>Seconds without a server sample, as bands around each second, and the scenarios they belong to.</summary>
    public sealed record MissingSeconds(IReadOnlyList<(double From, double To)> Bands, IReadOnlyList<string> Scenarios);

    /// <summary>
    /// A per-second count is comparable only over a whole second: the last, partial second of the measured time (the
    /// wait for the last answers) would show as a sudden drop.
    /// </summary>
    public static bool IsWholeSecond(ScenarioResult scenario, SecondSample sample) => sample.Second + 1 <= scenario.MeasuredSeconds + 1e-6;

    /// <summary>
    /// Seconds in which the sampler, asking <c>/diagnostics/threadpool</c> once a second, got no answer: the server was too
    /// starved to answer. Second 0 (the first sample arrives after its end) and the partial last second are not expected
    /// to have one; scenarios whose server has no /diagnostics are left out.
    /// </summary>
    public static MissingSeconds MissingServerSeconds(IEnumerable<ScenarioResult> scenarios)
    {
        var seconds = new SortedSet<int>();
        var names = new List<string>();
        foreach (var scenario in scenarios.Where(scenario => scenario.Server.Source == "diagnostics"))
        {
            var missing = scenario.TimeSeries
                .Where(sample => sample.Second >= 1 && IsWholeSecond(scenario, sample) && sample.ServerThreads is null)
                .Select(sample => sample.Second)
                .ToList();
            if (missing.Count > 0)
            {
                names.Add(scenario.Name);
                seconds.UnionWith(missing);
            }
        }
        var bands = new List<(double From, double To)>();
        foreach (var second in seconds)
        {
            if (bands.Count > 0 && bands[^1].To >= second - 0.5)
            {
                bands[^1] = (bands[^1].From, second + 0.5);
            }
            else
            {
                bands.Add((second - 0.5, second + 0.5));
            }
        }
        return new MissingSeconds(bands, names);
    }
}
