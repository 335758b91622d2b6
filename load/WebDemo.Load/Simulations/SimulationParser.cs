using System.Globalization;
using System.Text.RegularExpressions;

namespace WebDemo.Load.Simulations;

/// <summary>
/// Parses the command-line form of load simulations, NBomber's calls written as text:
/// <c>inject(200, 1s, 30s)</c>, <c>ramping-inject(500, 1s, 10s)</c>, <c>keep-constant(50, 30s)</c>,
/// <c>ramping-constant(100, 20s)</c>, <c>pause(5s)</c>. Several chain, separated by spaces or semicolons;
/// names are case-insensitive and NBomber's PascalCase (<c>RampingInject</c>) works too.
/// </summary>
public static partial class SimulationParser
{
    public const string Syntax =
        "inject(rate, interval, during) | ramping-inject(rate, interval, during) | keep-constant(copies, during) | " +
        "ramping-constant(copies, during) | pause(during); chain several, e.g. \"ramping-inject(500, 1s, 10s) inject(500, 1s, 30s)\"";

    public static IReadOnlyList<LoadSimulation> Parse(string text)
    {
        var simulations = new List<LoadSimulation>();
        var position = 0;
        foreach (Match match in Call().Matches(text))
        {
            if (!string.IsNullOrWhiteSpace(text[position..match.Index].Replace(';', ' ')))
            {
                throw new FormatException($"Unexpected '{text[position..match.Index].Trim()}' in load simulation \"{text}\". Expected {Syntax}.");
            }
            position = match.Index + match.Length;
            simulations.Add(ParseCall(match.Groups["name"].Value, [.. match.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries)]));
        }
        if (!string.IsNullOrWhiteSpace(text[position..].Replace(';', ' ')) || simulations.Count == 0)
        {
            throw new FormatException($"Could not read load simulation \"{text}\". Expected {Syntax}.");
        }
        return simulations;
    }

    private static LoadSimulation ParseCall(string name, string[] args)
    {
        var normalized = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return normalized switch
        {
            "inject" => Expect(name, args, 3, () => new LoadSimulation.Inject(Count(args[0]), Positive(args[1]), Positive(args[2]))),
            "rampinginject" => Expect(name, args, 3, () => new LoadSimulation.RampingInject(Count(args[0]), Positive(args[1]), Positive(args[2]))),
            "keepconstant" => Expect(name, args, 2, () => new LoadSimulation.KeepConstant(Count(args[0]), Positive(args[1]))),
            "rampingconstant" => Expect(name, args, 2, () => new LoadSimulation.RampingConstant(Count(args[0]), Positive(args[1]))),
            "pause" => Expect(name, args, 1, () => new LoadSimulation.Pause(Positive(args[0]))),
            _ => throw new FormatException($"Unknown load simulation '{name}'. Expected {Syntax}."),
        };
    }

    private static LoadSimulation Expect(string name, string[] args, int count, Func<LoadSimulation> create) =>
        args.Length == count ? create() : throw new FormatException($"{name} takes {count} argument(s), got {args.Length}. Expected {Syntax}.");

    private static int Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a whole number ≥ 0.");

    private static TimeSpan Positive(string text)
    {
        var value = DurationText.Parse(text);
        return value > TimeSpan.Zero ? value : throw new FormatException($"'{text}' must be longer than zero.");
    }

    [GeneratedRegex(@"(?<name>[A-Za-z][A-Za-z_-]*)\s*\((?<args>[^()]*)\)")]
    private static partial Regex Call();
}

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
