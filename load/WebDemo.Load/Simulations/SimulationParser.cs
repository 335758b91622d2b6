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
