using WebDemo.Api.Embeddings.Strategies;

namespace WebDemo.Api.Lab;

/// <summary>A lab run's request with its defaults filled in and every bound checked.</summary>
public sealed record LabSettings(IReadOnlyList<string> Strategies, int Clients, int Seconds, int LatencyMs)
{
    /// <summary>The settings, or the errors by field (camelCase, as the request spells them).</summary>
    public static LabSettings? From(LabRunRequest? request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var strategies = request?.Strategies ?? [.. LabDefaults];
        var clients = request?.Clients ?? LabRunRequest.DefaultClients;
        var seconds = request?.Seconds ?? LabRunRequest.DefaultSeconds;
        var latencyMs = request?.LatencyMs ?? LabRunRequest.DefaultLatencyMs;
        var known = string.Join(", ", StrategyTable.Names);
        if (strategies.Count == 0)
        {
            errors["strategies"] = [$"Name at least one strategy: {known}."];
        }
        else if (strategies.FirstOrDefault(name => !StrategyTable.Names.Contains(name)) is { } unknown)
        {
            errors["strategies"] = [$"'{unknown}' is not a strategy; the strategies are {known}."];
        }
        else if (strategies.Distinct(StringComparer.Ordinal).Count() != strategies.Count)
        {
            errors["strategies"] = ["Name each strategy once."];
        }
        Bound(errors, "clients", clients, 1, LabRunRequest.MaxClients);
        Bound(errors, "seconds", seconds, 1, LabRunRequest.MaxSeconds);
        Bound(errors, "latencyMs", latencyMs, 1, LabRunRequest.MaxLatencyMs);
        return errors.Count == 0 ? new LabSettings(strategies, clients, seconds, latencyMs) : null;
    }

    /// <summary>The lesson in two strategies: the one that starves the pool, then the fix.</summary>
    public static IReadOnlyList<string> LabDefaults { get; } = [WebDemo.Embedding.StrategyNames.Blocking, WebDemo.Embedding.StrategyNames.Async];

    private static void Bound(Dictionary<string, string[]> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors[field] = [$"Must be between {min:#,0} and {max:#,0}; it was {value}."];
        }
    }
}
