using WebDemo.Processes;

namespace WebDemo.Testing;

/// <summary>Where things are in the checkout, found from the test assembly's location (see <see cref="Checkout"/>).</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding WebDemo.sln.</summary>
    public static string Root { get; } =
        Checkout.Root ?? throw new InvalidOperationException($"WebDemo.sln not found above {AppContext.BaseDirectory}.");

    /// <summary>The build configuration the tests were built with (Debug or Release); the apps under test match it.</summary>
    public static string Configuration => Checkout.Configuration;

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

    /// <summary>The build output folder of one of the apps (e.g. "WebDemo.Api").</summary>
    public static string BuildOutputOf(string project) =>
        Path.GetDirectoryName(Checkout.BuiltDll(Root, project, Configuration))!;
}
