using System.Globalization;
using System.Text.RegularExpressions;
using WebDemo.Load.Results;

namespace WebDemo.Load.Reports;

/// <summary>
/// What a reader needs before the numbers: the machine, the server's settings that decide the result (backend,
/// latency, in-flight limit) and the command that reproduces the run. Shared by the HTML and Markdown reports.
/// </summary>
internal static partial class RunContext
{
    public static IReadOnlyList<(string Label, string Value)> Facts(LoadReport report)
    {
        var facts = new List<(string, string)>();
        if (report.Machine is { } machine)
        {
            facts.Add(("Load tool machine", machine.ToString()));
        }
        var servers = report.Scenarios
            .Select(scenario => (scenario.Name, Text: Server(scenario, report.Machine)))
            .Where(server => server.Text is not null)
            .ToList();
        if (servers.Select(server => server.Text).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            facts.Add(("API", servers[0].Text!));
        }
        else
        {
            facts.AddRange(servers.Select(server => ($"API ({server.Name})", server.Text!)));
        }
        var clients = report.Scenarios.Where(scenario => scenario.Client is not null).Select(scenario => (scenario.Name, scenario.Client!)).ToList();
        if (clients.Count > 0)
        {
            facts.Add(("Client", clients.Select(client => client.Item2).Distinct(StringComparer.Ordinal).Count() == 1
                ? clients[0].Item2
                : string.Join(", ", clients.Select(client => $"{client.Name}: {client.Item2}"))));
        }
        return facts;
    }

    /// <summary>Backend, latency, in-flight limit and machine of the server a scenario ran against (null: it did not say).</summary>
    private static string? Server(ScenarioResult scenario, MachineInfo? loadMachine)
    {
        if (scenario.ServerConfiguration is not { } server)
        {
            return null;
        }
        var text = $"backend {server.Backend}";
        if (server.LatencyMs is { } latency)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", latency {latency} ms per call (+{server.PerInputLatencyMs ?? 0:0.##} ms per input");
            text += server.JitterMs is > 0 ? string.Create(CultureInfo.InvariantCulture, $", jitter up to {server.JitterMs} ms)") : ")";
        }
        if (server.UpstreamUrl is { } upstream)
        {
            text += $", upstream {upstream}";
        }
        if (LatencyOverride().Match(scenario.Path) is { Success: true } match)
        {
            text += $", overridden per request to {match.Groups["ms"].Value} ms (?latencyMs=)";
        }
        if (server.MaxInFlightInputs > 0) // 0: a server from before the field
        {
            text += string.Create(CultureInfo.InvariantCulture, $", in-flight limit {server.MaxInFlightInputs:#,0} inputs");
        }
        if (server.Machine is { } described)
        {
            var machine = new MachineInfo
            {
                ProcessorCount = described.ProcessorCount, MemoryBytes = described.MemoryBytes, Os = described.Os, Runtime = described.Runtime,
            }.ToString();
            text += machine == loadMachine?.ToString() ? "; same machine as the load tool" : $"; machine: {machine}";
        }
        return text;
    }

    [GeneratedRegex(@"[?&]latencyMs=(?<ms>\d+)")]
    private static partial Regex LatencyOverride();
}
