using System.Reflection;

namespace WebDemo.Testing;

/// <summary>Where things are in the checkout, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding WebDemo.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release); the apps under test match it.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Where artifacts a person should look at (screenshots, reports) are saved: artifacts/tests/.</summary>
    public static string Artifacts
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "tests");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The build output folder of a project under src/ (e.g. "WebDemo.Api").</summary>
    public static string BuildOutputOf(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebDemo.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"WebDemo.sln not found above {AppContext.BaseDirectory}.");
    }
}
