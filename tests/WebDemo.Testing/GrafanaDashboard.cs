using System.Text.Json;

namespace WebDemo.Testing;

/// <summary>The provisioned Grafana dashboard (deploy/grafana/dashboards/webdemo.json) and its PromQL queries.</summary>
public static class GrafanaDashboard
{
    /// <summary>
    /// What Grafana puts for <c>$__rate_interval</c> with the data source's 1 s interval: max(4 × scrape interval,
    /// $__interval + scrape interval), and $__interval is about a second for the dashboard's default range.
    /// </summary>
    public const string RateInterval = "4s";

    /// <summary>What Grafana puts for <c>$instance</c> when "All" is chosen (the variable's <c>allValue</c>).</summary>
    public const string AllInstances = ".*";

    public static string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "dashboards", "webdemo.json");

    /// <summary>
    /// Every <c>expr</c> of the API's data (panels), with Grafana's interval and instance variables replaced as Grafana
    /// replaces them (the instance: "All"; one replica's is checked on Docker, tests/WebDemo.Containers.Tests).
    /// Queries of Prometheus' own <c>ALERTS</c> series are not among them: they have series only while an alert fires.
    /// </summary>
    /// <param name="instance">The Instance variable's value: a regular expression, all of them by default.</param>
    public static IReadOnlyList<string> Queries(string instance = AllInstances) => [.. AllQueries(instance).Where(query => !IsAlertQuery(query))];

    /// <summary>The queries of firing alerts (the alerts table and the annotation), checked while an alert fires.</summary>
    public static IReadOnlyList<string> AlertQueries() => [.. AllQueries(AllInstances).Where(IsAlertQuery)];

    private static bool IsAlertQuery(string query) => query.StartsWith("ALERTS{", StringComparison.Ordinal);

    private static IEnumerable<string> AllQueries(string instance)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path));
        return [.. Expressions(dashboard.RootElement).Select(expr => expr.Replace("$__rate_interval", RateInterval, StringComparison.Ordinal)
            .Replace("$instance", instance, StringComparison.Ordinal)).Distinct()];
    }

    private static IEnumerable<string> Expressions(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property =>
            property is { Name: "expr", Value.ValueKind: JsonValueKind.String } ? [property.Value.GetString()!] : Expressions(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Expressions),
        _ => [],
    };
}
