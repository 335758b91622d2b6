using System.Text.Json;

namespace WebDemo.Load.Reports;

/// <summary>
/// One style per strategy, read from <c>strategy-palette.json</c> — the file the live dashboard fetches and the Grafana
/// dashboard's overrides copy — so a strategy looks the same in every view. Other scenarios take the spare styles in turn.
/// </summary>
public static class StrategyPalette
{
    private static readonly Lazy<(IReadOnlyDictionary<string, SeriesStyle> Strategies, IReadOnlyList<SeriesStyle> Others)> Palette = new(Load);

    public static IReadOnlyDictionary<string, SeriesStyle> Strategies => Palette.Value.Strategies;

    /// <summary>Styles for the scenarios of a report, in order: a strategy's own, else the next spare one.</summary>
    public static IReadOnlyList<SeriesStyle> For(IEnumerable<string> scenarioNames)
    {
        var spare = 0;
        return [.. scenarioNames.Select(name => Strategies.TryGetValue(name, out var style)
            ? style
            : Palette.Value.Others[spare++ % Palette.Value.Others.Count])];
    }

    private static (IReadOnlyDictionary<string, SeriesStyle>, IReadOnlyList<SeriesStyle>) Load()
    {
        using var stream = typeof(StrategyPalette).Assembly.GetManifestResourceStream("strategy-palette.json")
            ?? throw new InvalidOperationException("strategy-palette.json is not embedded in WebDemo.Load.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var strategies = root.GetProperty("strategies").EnumerateObject()
            .ToDictionary(property => property.Name, property => Style(property.Value), StringComparer.Ordinal);
        return (strategies, [.. root.GetProperty("others").EnumerateArray().Select(Style)]);
    }

    private static SeriesStyle Style(JsonElement element) => new(
        element.GetProperty("color").GetString()!,
        [.. element.GetProperty("dash").EnumerateArray().Select(value => value.GetDouble())],
        element.GetProperty("marker").GetString()!);
}
