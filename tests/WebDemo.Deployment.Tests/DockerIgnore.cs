using System.Text.RegularExpressions;

namespace WebDemo.Deployment.Tests;

/// <summary>The patterns of a .dockerignore file (Go filepath.Match syntax plus <c>**</c> and <c>!</c> exceptions).</summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Load(string path) =>
        new([.. File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.StartsWith('!') ? (ToRegex(line[1..]), false) : (ToRegex(line), true))]);

    /// <summary>Whether a path relative to the build context (forward slashes) is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            // A pattern that matches a folder also removes everything below it.
            var segments = relativePath.Split('/');
            for (var length = 1; length <= segments.Length; length++)
            {
                if (pattern.IsMatch(string.Join('/', segments.Take(length))))
                {
                    excluded = exclude;
                    break;
                }
            }
        }
        return excluded;
    }

    private static Regex ToRegex(string pattern)
    {
        var trimmed = pattern.Trim('/');
        var regex = Regex.Escape(trimmed)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }
}
