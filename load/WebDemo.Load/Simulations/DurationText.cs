using System.Globalization;
using System.Text.RegularExpressions;

namespace WebDemo.Load.Simulations;

/// <summary>Durations as people type them: <c>500ms</c>, <c>1.5s</c>, <c>2m</c>, <c>250us</c>, <c>1h</c>.</summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text)
    {
        var match = Duration().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a duration; write e.g. 500ms, 1.5s, 2m.");
        }
        var number = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "us" or "µs" => TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerMicrosecond)),
            "ms" => TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerMillisecond)),
            "s" => TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerSecond)),
            "m" or "min" => TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerMinute)),
            _ => TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerHour)),
        };
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        try
        {
            value = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>A short human form: 850 µs, 12.3 ms, 1.24 s.</summary>
    public static string Humanize(double microseconds) => microseconds switch
    {
        < 1_000 => $"{microseconds:0} µs",
        < 10_000 => $"{microseconds / 1_000:0.00} ms",
        < 1_000_000 => $"{microseconds / 1_000:0.#} ms",
        _ => $"{microseconds / 1_000_000:0.00} s",
    };

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)\s*(?<unit>us|µs|ms|s|m|min|h)$", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();
}
