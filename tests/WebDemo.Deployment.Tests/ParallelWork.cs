using WebDemo.Testing;

namespace WebDemo.Deployment.Tests;

/// <summary>
/// Files the packaging refers to that other issues deliver: the Prometheus config and the Grafana dashboard
/// (observability) and the load tool (load scenarios). Until a path exists, the checks that need it print
/// "NOT CHECKED" instead of failing; once it exists they are strict. Empty this list when all have landed.
/// </summary>
internal static class ParallelWork
{
    private static readonly string[] Paths =
    [
        "deploy/prometheus/prometheus.yml",
        "deploy/grafana/dashboards",
        "load/WebDemo.Load",
    ];

    /// <summary>Whether a repository path is missing because it belongs to work that has not landed yet.</summary>
    public static bool IsPending(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimStart('.', '/');
        // The path itself, something inside it, or a folder that so far would hold nothing else (load/).
        var owner = Paths.FirstOrDefault(pending => path == pending || path.StartsWith(pending + "/", StringComparison.Ordinal)
            || pending.StartsWith(path + "/", StringComparison.Ordinal));
        return owner is not null && !Exists(owner) && !Exists(path);
    }

    /// <summary>True when the path is pending; then says so in the test output.</summary>
    public static bool NotLandedYet(string relativePath, ITestOutputHelper output)
    {
        if (!IsPending(relativePath))
        {
            return false;
        }
        output.WriteLine($"NOT CHECKED: {relativePath} has not landed yet.");
        return true;
    }

    private static bool Exists(string relativePath)
    {
        var full = Path.Combine(RepositoryPaths.Root, relativePath);
        return File.Exists(full) || Directory.Exists(full);
    }
}
