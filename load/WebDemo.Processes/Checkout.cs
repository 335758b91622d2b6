using System.Reflection;

namespace WebDemo.Processes;

/// <summary>Where the apps are built in a checkout (the folder holding WebDemo.sln).</summary>
public static class Checkout
{
    /// <summary>The checkout this program runs from, found above its own files; null when it runs outside one.</summary>
    public static string? Root { get; } = FindAbove(AppContext.BaseDirectory);

    /// <summary>The configuration (Debug or Release) this program was built with; the apps it starts come from the same build.</summary>
    public static string Configuration { get; } =
        typeof(Checkout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds WebDemo.sln; null if none.</summary>
    public static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebDemo.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    /// <summary>
    /// The entry assembly of one of the apps as built in <paramref name="root"/>:
    /// <c>src/{project}/bin/{configuration}/net10.0/{project}.dll</c>, or under <c>load/</c> for the tools there (WebDemo.Baseline).
    /// </summary>
    public static string BuiltDll(string root, string project, string configuration)
    {
        var folder = Directory.Exists(Path.Combine(root, "src", project)) ? "src" : "load";
        return Path.Combine(root, folder, project, "bin", configuration, "net10.0", $"{project}.dll");
    }
}
